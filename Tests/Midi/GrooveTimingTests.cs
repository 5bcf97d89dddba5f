using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// A drum piece decoded with its timing (<see cref="GrooveTiming"/>) plays every on-grid hit at the second its input
/// played it, through tempo changes and meter changes, whole or window by window; with one tempo it would not. The
/// notes that scores compare stay at the first tempo, on both sides.
/// </summary>
public class GrooveTimingTests
{
    private const int Tpq = 96;

    // 120 bpm, 60 bpm from bar 2, 150 bpm from an 8th into bar 3; 4/4, then 3/4 from half way through bar 4
    private static MidiSong Song()
    {
        var notes = new List<MidiNote>();
        for (long tick = 0; tick < 20 * Tpq; tick += Tpq / 2)
            notes.Add(new MidiNote(MidiNote.DrumChannel, tick % Tpq == 0 ? 36 : 42, 90, tick, tick + 10));
        return new MidiSong("timed.mid", 1, 1,
            new TempoMap(Tpq, [new(0, 500_000), new(4 * Tpq, 1_000_000), new(8 * Tpq + Tpq / 2, 400_000)]),
            [new TimeSignature(0, 4, 4), new TimeSignature(14 * Tpq, 3, 4)], notes, [], 0);
    }

    [Test]
    public void TheTimingHoldsEveryTempoChangeAndEveryMeterOnTheDecodedTicks()
    {
        var piece = new GrooveRepresentation().Encode(Song());

        Assert.That(piece.Timing!.Tempos, Is.EqualTo(new TempoChange[]
            { new(0, 500_000), new(4 * 480, 1_000_000), new(8 * 480 + 240, 400_000) }));
        Assert.That(piece.Timing.Meters, Is.EqualTo(new TimeSignature[]
            { new(0, 4, 4), new(14 * 480, 3, 4) }));
    }

    [Test]
    public void DecodedWithItsTimingEveryHitPlaysAtItsInputsSecond()
    {
        var song = Song();
        var piece = new GrooveRepresentation().Encode(song);
        var timed = new GrooveRepresentation().ToSong(piece.Signal, piece.Length, piece.Bpm, piece.Meter, "out",
            piece.Timing);
        var flat = new GrooveRepresentation().ToSong(piece.Signal, piece.Length, piece.Bpm, piece.Meter, "out");

        var input = Onsets(song);
        Assert.That(Onsets(timed), Is.EqualTo(input).Within(1e-9));
        Assert.That(timed.TimeSignatures.Select(meter => (meter.Tick, meter.Label)),
            Is.EqualTo(new[] { (0L, "4-4"), (14L * 480, "3-4") }));
        Assert.That(Onsets(flat)[^1], Is.Not.EqualTo(input[^1]).Within(0.5), "one tempo misplaces the late hits");
    }

    [Test]
    public void WindowByWindowTheOutputEqualsTheWholeDecode()
    {
        var song = Song();
        var representation = new GrooveRepresentation();
        var windows = representation.Windows(song);
        var assembler = representation.Assembler(windows.Bpm, windows.Meter, windows.Timing);
        for (int start = 0; start < windows.Length; start += 7)
        {
            int count = Math.Min(7, windows.Length - start);
            var window = new float[windows.Channels * count];
            windows.Read(start, count, window);
            assembler.Append(window, count);
        }

        Assert.That(Onsets(assembler.Song("out")), Is.EqualTo(Onsets(song)).Within(1e-9));
        var piece = representation.Encode(song);
        Assert.That(assembler.Notes(), Is.EqualTo(representation.ToNotes(piece.Signal, piece.Length, piece.Bpm)),
            "the notes scores compare stay at the first tempo, as ToNotes times them");
    }

    [Test]
    public void AChangeThatRoundsOntoTheFirstTickLeavesTheScoredNotesAtThePiecesTempo()
    {
        var song = new MidiSong("early.mid", 1, 1, new TempoMap(960, [new(0, 500_000), new(1, 1_000_000)]), [],
            [new MidiNote(MidiNote.DrumChannel, 36, 90, 0, 10), new MidiNote(MidiNote.DrumChannel, 38, 90, 960, 970)],
            [], 0);
        var representation = new GrooveRepresentation();
        var piece = representation.Encode(song);
        var assembler = representation.Assembler(piece.Bpm, piece.Meter, piece.Timing);
        assembler.Append(piece.Signal, piece.Length);

        Assert.That(piece.Timing!.Tempos, Is.EqualTo(new TempoChange[] { new(0, 1_000_000) }), "what plays from 0");
        Assert.That(assembler.Notes(), Is.EqualTo(representation.ToNotes(piece.Signal, piece.Length, piece.Bpm)));
        Assert.That(Onsets(assembler.Song("out")), Is.EqualTo(Onsets(song)).Within(1e-3));
    }

    [Test]
    public void TheMetersLayTheBarsTheEncoderLaid()
    {
        var song = Song();
        var piece = new GrooveRepresentation().Encode(song);

        Assert.That(piece.Timing!.Bars(piece.Length),
            Is.EqualTo(GrooveEncoder.Encode(song).Bars.Select(bar => (bar.StartStep, bar.Steps))));
        Assert.That(piece.Timing.Bars(piece.Length).Select(bar => bar.Steps),
            Is.EqualTo(new[] { 16, 16, 16, 8, 12, 12 }));
        foreach (string file in TestData.GrooveFiles(3))
        {
            var real = MidiReader.Read(file);
            var encoded = new GrooveRepresentation().Encode(real);
            Assert.That(encoded.Timing!.Bars(encoded.Length),
                Is.EqualTo(GrooveEncoder.Encode(real).Bars.Select(bar => (bar.StartStep, bar.Steps))), file);
        }
    }

    [Test]
    public void ChangesPastTheEndOfTheOutputAreLeftOut()
    {
        var timing = new GrooveTiming([new(0, 500_000), new(4_000, 400_000)],
            [new TimeSignature(0, 4, 4), new TimeSignature(4_000, 3, 4)]);

        var song = GrooveDecoder.ToSong(new float[27 * 16], 16, timing);

        Assert.That((song.Tempo.Changes.Count, song.TimeSignatures.Count), Is.EqualTo((1, 1)));
    }

    [TestCase(0, 4, "numerator must be 1")]
    [TestCase(4, 0, "denominator must be a power of two")]
    [TestCase(4, 3, "denominator must be a power of two")]
    [TestCase(1, 32, "does not divide into 16th notes")]
    public void AMeterOfNoWholeStepsIsRefusedNotLaidForever(int numerator, int denominator, string rule)
    {
        var meters = new[] { new TimeSignature(0, 4, 4), new TimeSignature(1920, numerator, denominator) };

        var error = Assert.Throws<ArgumentException>(() => new GrooveTiming([new(0, 500_000)], meters));
        var viaWith = Assert.Throws<ArgumentException>(
            () => _ = GrooveTiming.Constant(120, TimeSignature.Default) with { Meters = meters });

        Assert.That(error!.Message, Does.Contain("tick 1920").And.Contain(rule));
        Assert.That(viaWith!.Message, Is.EqualTo(error.Message));
    }

    [Test]
    public void ListsThatDoNotStartAtTickZeroOrDoNotRiseAreRefused()
    {
        var meter = new[] { TimeSignature.Default };
        TempoChange[] late = [new(480, 500_000)], falling = [new(0, 500_000), new(960, 400_000), new(960, 300_000)];

        Assert.That(() => new GrooveTiming(late, meter), Throws.ArgumentException.With.Message.Contains("tick 0"));
        Assert.That(() => new GrooveTiming([], meter), Throws.ArgumentException.With.Message.Contains("no tempo"));
        Assert.That(() => new GrooveTiming(falling, meter),
            Throws.ArgumentException.With.Message.Contains("tempo 2 lies at tick 960"));
        Assert.That(() => new GrooveTiming([new(0, 0)], meter),
            Throws.ArgumentException.With.Message.Contains("0 microseconds per quarter note"));
        Assert.That(() => new GrooveTiming([new(0, 500_000)], [new TimeSignature(480, 4, 4)]),
            Throws.ArgumentException.With.Message.Contains("first meter must lie at tick 0"));
        Assert.That(() => new GrooveTiming(null!, meter), Throws.ArgumentNullException);
    }

    [Test]
    public void ARealGrooveFileDecodesAtItsOwnTempoMap()
    {
        foreach (string file in TestData.GrooveFiles(3))
        {
            var song = MidiReader.Read(file);
            var piece = new GrooveRepresentation().Encode(song);
            var decoded = new GrooveRepresentation().ToSong(piece.Signal, piece.Length, piece.Bpm, piece.Meter, "out",
                piece.Timing);
            Assert.That(decoded.Tempo.Changes.Select(change => change.MicrosecondsPerQuarter),
                Is.EqualTo(song.Tempo.Changes.Where(change => change.Tick * 480.0 / song.TicksPerQuarter
                    < decoded.EndTick || change.Tick == 0).Select(change => change.MicrosecondsPerQuarter)), file);
        }
    }

    // every note's onset in seconds, in order
    private static double[] Onsets(MidiSong song) => [.. TimedNote.FromSong(song).Select(note => note.Start).Order()];
}
