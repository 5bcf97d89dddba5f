using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using static TcnWtaNative.Tests.Midi.Audio.WavSamples;

namespace TcnWtaNative.Tests.Midi.Audio;

/// <summary>Real Groove and MAESTRO files rendered (skipped with a download hint when the data is absent).</summary>
public class AudioRealFileTests
{
    [Test]
    public void AGrooveFileSoundsAsDrumsFromItsFirstHitToItsEnd()
    {
        var song = MidiReader.Read(TestData.GrooveFiles(4)[1]);
        var notes = AudioNote.FromSong(song);

        var (wav, render) = Render(notes, song.DurationSeconds);

        Assert.That(notes, Has.All.Matches<AudioNote>(n => n.IsDrum), "Groove files play on the drum channel");
        Assert.That(render.SkippedDrumHits, Is.EqualTo(song.Notes.Count(n => DrumMapping.ClassOf(n.Pitch) < 0)));
        Assert.That(render.Notes, Is.GreaterThan(0));
        Assert.That(render.Seconds, Is.GreaterThanOrEqualTo(song.DurationSeconds));
        AssertAudible(Of(wav), notes);
    }

    [Test]
    public void AMaestroPieceSoundsAsPianoWithoutClipping()
    {
        var song = MidiReader.Read(TestData.MaestroFiles(4)[2]);
        var notes = AudioNote.FromSong(song).Where(n => n.Start < 30).ToArray();

        var (wav, render) = Render(notes);

        Assert.That(notes, Has.None.Matches<AudioNote>(n => n.IsDrum));
        Assert.That(render.Notes, Is.EqualTo(notes.Length));
        AssertAudible(Of(wav), notes);
    }

    // Silent before the first onset, sounding just after it, and never beyond the limiter's ceiling
    private static void AssertAudible(short[] samples, IReadOnlyList<AudioNote> notes)
    {
        double first = notes.Min(n => n.Start);
        if (first > 0.01) Assert.That(Rms(samples, 0, first - 0.001), Is.Zero, "silent before the first note");
        Assert.That(Rms(samples, first, first + 0.1), Is.GreaterThan(100), "sounds at the first note");
        Assert.That(Peak(samples), Is.LessThanOrEqualTo(SoftLimiter.Ceiling * AudioFormat.FullScale + 1));
    }
}
