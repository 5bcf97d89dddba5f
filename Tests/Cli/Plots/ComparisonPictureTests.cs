using TcnWtaNative.Cli.Plots.Comparison;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;

namespace TcnWtaNative.Tests.Cli.Plots;

/// <summary>
/// What the comparison pictures are drawn from: notes sorted into kept, missed and added, rows, times, legends.
/// </summary>
public class ComparisonPictureTests
{
    private const int Kick = 0, Snare = 1, ClosedHat = 2, Steps = 16;

    [Test]
    public void NotesAreKeptMissedOrAddedAsTheOnsetMatchCountsThem()
    {
        TimedNote[] reference = [new(60, 80, 0, 0.5), new(62, 80, 1, 1.5), new(64, 80, 2, 2.5)];
        TimedNote[] estimate = [new(60, 70, 0.02, 0.4), new(64, 80, 2.2, 2.5), new(65, 80, 3, 3.5)];

        var comparison = NoteComparison.Of(reference, estimate);

        Assert.That(comparison.Kept, Is.EqualTo(new[] { reference[0] }));
        Assert.That(comparison.KeptAsPlayed, Is.EqualTo(new[] { estimate[0] }));
        Assert.That(comparison.Missed, Is.EqualTo(new[] { reference[1], reference[2] }),
            "64 comes 200 ms late: beyond 50 ms");
        Assert.That(comparison.Added, Is.EqualTo(new[] { estimate[1], estimate[2] }));
        Assert.That(NoteMatching.Match(reference, estimate).Matched, Is.EqualTo(comparison.Kept.Count));
    }

    [Test]
    public void DrumPicturesPlaceHitsOnDrumRowsInStepsAndCountEachFate()
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        var input = Grid((Kick, 0), (Snare, 4));
        var output = Grid((Kick, 0), (ClosedHat, 2));

        var picture = ComparisonPicture.Of(representation, input, output.Signal, "in", "out");

        Assert.That(picture.Input.Select(n => (n.Row, n.Fate, Step: Math.Round(n.Start))),
            Is.EquivalentTo(new[] { (Kick, NoteFate.Kept, 0.0), (Snare, NoteFate.Missed, 4.0) }));
        Assert.That(picture.Output.Select(n => (n.Row, n.Fate, Step: Math.Round(n.Start))),
            Is.EquivalentTo(new[] { (Kick, NoteFate.Kept, 0.0), (ClosedHat, NoteFate.Added, 2.0) }));
        Assert.That(picture.RowTicks.Select(t => t.Label), Is.EqualTo(DrumMapping.ClassNames));
        Assert.That(picture.TimeLabel, Does.Contain("16th steps"));
        Assert.That(picture.BarLength, Is.EqualTo(Steps), "a 4/4 bar is 16 steps");
        Assert.That(picture.Legend().Select(l => l.Label),
            Is.EqualTo(new[] { "kept, in both (1)", "missed, input only (1)", "added, output only (1)" }));
    }

    [Test]
    public void PianoPicturesPutPitchesOnRowsFromTheLowestAndTimeInSeconds()
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.OnsetRoll, 20));
        var input = representation.Encode(Song((60, 0), (67, 480), (60, 960)));
        var output = representation.Encode(Song((60, 0), (64, 960), (60, 960)));
        Assert.That(output.Length, Is.EqualTo(input.Length), "both songs end with the same note");

        var picture = ComparisonPicture.Of(representation, input, output.Signal, "in", "out");

        Assert.That(picture.RowTicks.Select(t => (t.Row, t.Label)),
            Is.EqualTo(new[] { (0, "C4"), (4, "E4"), (7, "G4") }));
        Assert.That(picture.Rows, Is.EqualTo(8));
        Assert.That(picture.TimeLabel, Is.EqualTo("time (s)"));
        Assert.That(picture.BarLength, Is.Null);
        var missed = picture.Input.Single(n => n.Fate == NoteFate.Missed);
        Assert.That((missed.Row, missed.Start), Is.EqualTo((7, 0.5)), "G4 at 0.5 s (beat 2 at 120 bpm)");
        Assert.That(picture.Output.Single(n => n.Fate == NoteFate.Added).Row, Is.EqualTo(4));
    }

    [Test]
    public void PlotIsDrawnAsAPng()
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        var input = Grid((Kick, 0), (Snare, 4));
        var picture = ComparisonPicture.Of(representation, input, Grid((Kick, 0)).Signal, "in", "out");
        byte[] png = ComparisonPlot.Png(picture);
        Assert.That(png[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(png, Has.Length.GreaterThan(10_000));
    }

    // a one-bar Groove grid [27, 16] with the given (drum, step) hits at velocity 0.8
    private static EncodedPiece Grid(params (int Drum, int Step)[] hits)
    {
        var signal = new float[GrooveGrid.Channels * Steps];
        foreach (var (drum, step) in hits)
        {
            signal[drum * Steps + step] = 1;
            signal[(GrooveGrid.VelocityChannel + drum) * Steps + step] = 0.8f;
        }
        return new EncodedPiece(signal, GrooveGrid.Channels, Steps, 120, TimeSignature.Default);
    }

    // notes (pitch, start tick) 400 ticks long at 480 ticks per quarter and 120 bpm, all ending by tick 1440
    private static MidiSong Song(params (int Pitch, long Tick)[] notes)
        => new("piano", 1, 1, new TempoMap(480, []), [TimeSignature.Default],
            [.. notes.Select(n => new MidiNote(0, n.Pitch, 80, n.Tick, n.Tick + 400))], [], 1440);
}
