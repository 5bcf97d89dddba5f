using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Tests.Midi;

public class FrameClockTests
{
    // 480 ticks per quarter: 120 bpm for the first 4 quarters (2 s), then 60 bpm. A 16th lasts 0.125 s, then 0.25 s.
    private static readonly TempoMap SlowingDown = new(480,
        [new TempoChange(0, 500_000), new TempoChange(1920, 1_000_000)]);

    [Test]
    public void TicksAndSecondsAreInversesAcrossTempoChanges()
    {
        Assert.That(SlowingDown.ToSeconds(1920L), Is.EqualTo(2.0));
        Assert.That(SlowingDown.ToSeconds(2400L), Is.EqualTo(3.0), "a quarter at 60 bpm after the change");
        Assert.That(SlowingDown.ToTicks(1.0), Is.EqualTo(960).Within(1e-9));
        Assert.That(SlowingDown.ToTicks(3.0), Is.EqualTo(2400).Within(1e-9));
        foreach (double tick in new[] { 0, 1.5, 1919.75, 1920, 5000.25 })
            Assert.That(SlowingDown.ToTicks(SlowingDown.ToSeconds(tick)), Is.EqualTo(tick).Within(1e-9));
    }

    [Test]
    public void SixteenthGridFramesFollowTheTempoMap()
    {
        var clock = FrameClock.Sixteenths(SlowingDown);
        Assert.That(clock.SecondsAt(8), Is.EqualTo(1.0));
        Assert.That(clock.SecondsAt(16), Is.EqualTo(2.0));
        Assert.That(clock.SecondsAt(20), Is.EqualTo(3.0));
        Assert.That(clock.FrameAt(2.1), Is.EqualTo(16.4).Within(1e-9), "0.1 s into a 0.25 s sixteenth");
        Assert.That(clock.NearestFrame(2.1), Is.EqualTo(16));
        Assert.That(clock.NearestFrame(2.13), Is.EqualTo(17));
        Assert.That(FrameClock.Sixteenths(75).SecondsAt(3), Is.EqualTo(0.6).Within(1e-9), "three 16ths at 75 bpm");
        Assert.That(clock.ToString(), Is.EqualTo("16th notes"));
        Assert.That(FrameClock.PerSecond(100).ToString(), Is.EqualTo("100 fps"));
    }

    [Test]
    public void PianoRollOnTheSixteenthGridRendersAndDecodesThroughTheTempoMap()
    {
        var clock = FrameClock.Sixteenths(SlowingDown);
        // 60: one beat at 120 bpm (4 frames); 62: one beat at 60 bpm (4 frames, 1 s); 64: 0.05 s, shorter than any
        // frame
        TimedNote[] notes = [new(60, 100, 1.0, 1.5), new(62, 50, 2.0, 3.0), new(64, 90, 2.49, 2.54)];
        int frames = PianoRoll.FrameCount(notes, clock);
        var roll = PianoRoll.Render(notes, clock);
        Assert.That(frames, Is.EqualTo(20));
        Assert.That(roll, Has.Length.EqualTo(PianoRoll.Channels * frames));
        int key60 = 60 - PianoRoll.LowestPitch, key64 = 64 - PianoRoll.LowestPitch;
        Assert.That(roll[key60 * frames + 8], Is.EqualTo(1f));
        Assert.That(roll.Skip((PianoRoll.Keys + key60) * frames).Take(frames).Count(v => v > 0), Is.EqualTo(4));
        Assert.That(roll[key64 * frames + 18], Is.EqualTo(1f), "2.49 s is frame 17.96");
        Assert.That(PianoRoll.Decode(roll, frames, clock),
            Is.EqualTo(new TimedNote[] { new(60, 100, 1.0, 1.5), new(62, 50, 2.0, 3.0), new(64, 90, 2.5, 2.75) }),
            "the short note lasts one 16th at 60 bpm");
    }

    [Test]
    public void RatesThatAreNotPositiveAreClearErrors()
    {
        Assert.That(() => FrameClock.PerSecond(0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("frames per second must be positive"));
        Assert.That(() => FrameClock.PerSecond(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => FrameClock.Sixteenths(-1),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("bpm"));
    }
}
