using System.Text;
using TcnWtaNative.Midi.Audio;
using TcnWtaNative.Midi.Groove;
using static TcnWtaNative.Tests.Midi.Audio.WavSamples;

namespace TcnWtaNative.Tests.Midi.Audio;

/// <summary>The hand-written synthesizer and WAV writer: header, length, silence, timing, loudness, limiting.</summary>
public class NoteSynthesizerTests
{
    private static AudioNote Piano(int pitch, double start, double end, int velocity = 100)
        => new(pitch, velocity, start, end, false);

    private static AudioNote Drum(int pitch, double start, int velocity = 100)
        => new(pitch, velocity, start, start + 0.1, true);

    [Test]
    public void HeaderDeclaresPcmMono44kAndTheLengthOfTheData()
    {
        var (wav, render) = Render([Piano(60, 0.25, 0.75), Drum(36, 0.5)], seconds: 2);

        Assert.That(render.Samples, Is.EqualTo(2 * AudioFormat.SampleRate),
            "lasts the asked 2 s, past the notes' sound");
        Assert.That(wav, Has.Length.EqualTo(WavWriter.HeaderBytes + 2 * render.Samples));
        Assert.That(Encoding.ASCII.GetString(wav, 0, 4), Is.EqualTo("RIFF"));
        Assert.That(BitConverter.ToUInt32(wav, 4), Is.EqualTo(wav.Length - 8));
        Assert.That(Encoding.ASCII.GetString(wav, 8, 8), Is.EqualTo("WAVEfmt "));
        Assert.That(BitConverter.ToInt32(wav, 16), Is.EqualTo(16), "PCM fmt chunk size");
        Assert.That(BitConverter.ToInt16(wav, 20), Is.EqualTo(1), "PCM");
        Assert.That(BitConverter.ToInt16(wav, 22), Is.EqualTo(1), "mono");
        Assert.That(BitConverter.ToInt32(wav, 24), Is.EqualTo(44_100));
        Assert.That(BitConverter.ToInt32(wav, 28), Is.EqualTo(88_200), "bytes per second");
        Assert.That(BitConverter.ToInt16(wav, 32), Is.EqualTo(2), "block align");
        Assert.That(BitConverter.ToInt16(wav, 34), Is.EqualTo(16), "bits per sample");
        Assert.That(Encoding.ASCII.GetString(wav, 36, 4), Is.EqualTo("data"));
        Assert.That(BitConverter.ToUInt32(wav, 40), Is.EqualTo(2 * render.Samples));
        Assert.That(render.Notes, Is.EqualTo(2));
    }

    [Test]
    public void TheFileLastsUntilTheLastNoteHasDiedAway()
    {
        var (_, render) = Render([Piano(60, 0, 3.0)], seconds: 1);

        Assert.That(render.Seconds, Is.GreaterThan(3.0).And.LessThan(3.2), "the note's end plus its short release");
    }

    [Test]
    public void NoNotesIsSilenceOfTheAskedLength()
    {
        var (wav, render) = Render([], seconds: 1);

        Assert.That(render.Samples, Is.EqualTo(AudioFormat.SampleRate));
        Assert.That(Of(wav), Has.All.EqualTo((short)0));
        Assert.That(Render([]).Render.Samples, Is.Zero);
    }

    [Test]
    public void ADrumPitchInNoDrumClassIsSkippedAndCounted()
    {
        int unmapped = Enumerable.Range(0, 128).First(p => DrumMapping.ClassOf(p) < 0);

        var (wav, render) = Render([Drum(unmapped, 0.1)], seconds: 0.5);

        Assert.That((render.Notes, render.SkippedDrumHits), Is.EqualTo((0, 1)));
        Assert.That(Of(wav), Has.All.EqualTo((short)0));
    }

    [Test]
    public void APianoNoteSoundsFromItsOnsetAndStopsSoonAfterItsEnd()
    {
        var samples = Of(Render([Piano(69, 1.0, 1.5)], seconds: 2.5).Bytes);

        Assert.That(Rms(samples, 0, 0.999), Is.Zero, "silent before the onset");
        Assert.That(Rms(samples, 1.0, 1.05), Is.GreaterThan(1000), "loud right after the onset");
        Assert.That(Rms(samples, 1.0, 1.05), Is.GreaterThan(Rms(samples, 1.4, 1.45)), "decaying");
        Assert.That(Rms(samples, 1.6, 2.5), Is.Zero, "released within 0.1 s of the end");
    }

    [TestCaseSource(typeof(DrumMapping), nameof(DrumMapping.ClassNames))]
    public void EachDrumClassSoundsAtItsOnsetOnly(string name)
    {
        int pitch = DrumMapping.FirstPitch(DrumMapping.ClassNames.ToList().IndexOf(name));

        var samples = Of(Render([Drum(pitch, 0.5)], seconds: 1).Bytes);

        Assert.That(Rms(samples, 0, 0.499), Is.Zero, $"{name}: silent before the hit");
        Assert.That(Rms(samples, 0.5, 0.55), Is.GreaterThan(500), $"{name}: sounds right at the hit");
        Assert.That(Rms(samples, 0.5, 0.55), Is.GreaterThan(Rms(samples, 0.9, 1.0)), $"{name}: dies away");
    }

    [Test]
    public void LoudnessFollowsVelocity()
    {
        double loud = Rms(Of(Render([Piano(60, 0, 0.5, velocity: 100)]).Bytes), 0, 0.4);
        double soft = Rms(Of(Render([Piano(60, 0, 0.5, velocity: 50)]).Bytes), 0, 0.4);

        Assert.That(loud / soft, Is.EqualTo(2.0).Within(0.05));
    }

    [Test]
    public void ADenseLoudChordIsLimitedBelowFullScaleNotClipped()
    {
        var keys = Enumerable.Range(21, 88).Select(p => Piano(p, 0.1, 1.1, velocity: 127));
        var drums = Enumerable.Range(0, DrumMapping.ClassCount)
            .Select(c => Drum(DrumMapping.FirstPitch(c), 0.1, velocity: 127));

        var (wav, render) = Render([.. keys, .. drums]);

        Assert.That(render.PeakBeforeLimiter, Is.GreaterThan(2), "the raw mix is far over full scale");
        Assert.That(Peak(Of(wav)), Is.LessThanOrEqualTo(SoftLimiter.Ceiling * AudioFormat.FullScale + 1));
        Assert.That(Rms(Of(wav), 0.1, 0.6), Is.GreaterThan(1000), "turned down, not silenced");
    }

    // 50,000 simultaneous hits once took minutes: past the polyphony each new voice ends the oldest
    [Test]
    public void NotesPastThePolyphonyCutTheOldestVoices()
    {
        var crowd = Enumerable.Range(0, NoteSynthesizer.MaxVoices + 40)
            .Select(i => Drum(DrumMapping.FirstPitch(i % DrumMapping.ClassCount), 0.1, velocity: 1 + i % 127))
            .ToArray();

        var (all, render) = Render(crowd);
        var (newest, alone) = Render(crowd[40..]);
        var (_, spread) = Render([.. crowd.Select((hit, i) => hit with { Start = i * 0.05, End = i * 0.05 + 0.1 })]);

        Assert.That((render.Notes, render.CutVoices), Is.EqualTo((crowd.Length, 40)));
        Assert.That(alone.CutVoices, Is.Zero);
        Assert.That(all, Is.EqualTo(newest), "the cut voices started with the rest and were never heard");
        Assert.That(spread.CutVoices, Is.Zero, "one at a time, no voice is cut");
    }

    [Test]
    public void AQuietPassageAfterALoudOneIsNotTurnedDownForever()
    {
        var chord = Enumerable.Range(40, 40).Select(p => Piano(p, 0, 0.5, velocity: 127));
        double alone = Rms(Of(Render([Piano(60, 0, 1)]).Bytes), 0.1, 0.3);

        double after = Rms(Of(Render([.. chord, Piano(60, 3, 4)]).Bytes), 3.1, 3.3);

        Assert.That(after, Is.EqualTo(alone).Within(1).Percent, "the limiter has let go 2.5 s after the chord");
    }

    [Test]
    public void AnAbsurdLengthIsRefusedBeforeAnythingIsWritten()
    {
        using var stream = new MemoryStream();

        var tooLate = Piano(60, 13 * 3600, 13 * 3600 + 1);

        var error = Assert.Throws<ArgumentException>(() => NoteSynthesizer.Render([tooLate], 0, stream));

        Assert.That(error!.Message, Does.Contain("over the 12 hour limit"));
        Assert.That(stream.Length, Is.Zero);
    }

    [Test]
    public void PiecesOfATimelineArePlayedInOrderASecondApart()
    {
        var timeline = new AudioTimeline();
        timeline.Append([Piano(60, 0, 0.5)], 1.0);
        timeline.Append([Drum(36, 0)], 0);

        Assert.That(timeline.Notes.Select(n => n.Start), Is.EqualTo(new[] { 0, 1.0 + AudioTimeline.GapSeconds }));
        var samples = Of(Render(timeline.Notes, timeline.Seconds).Bytes);
        Assert.That(Rms(samples, 1.2, 1.99), Is.Zero, "the gap is silent");
        Assert.That(Rms(samples, 2.0, 2.05), Is.GreaterThan(500), "the second piece starts after the gap");
    }
}
