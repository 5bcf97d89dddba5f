using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Tests.Midi;

/// <summary>MAESTRO files through each encoding and back keep every note within the encoding's resolution.</summary>
public class PianoRoundTripTests
{
    private const int Files = 5;

    [Test]
    public void EventsKeepEveryNotesPitchVelocityBinAndOnsetAndOffsetWithin10Ms()
    {
        const double tolerance = 0.010;
        long notes = 0, withinOneStep = 0, events = 0;
        double maxOnset = 0, maxOffset = 0, maxOffsetWithinOneStep = 0;
        foreach (string file in TestData.MaestroFiles(Files))
        {
            var reference = PerformanceNotes.FromSong(MidiReader.Read(file));
            var encoded = PerformanceEvents.Encode(reference);
            var song = PianoMidi.ToSong(PerformanceEvents.Decode(encoded), file);
            var back = TimedNote.FromSong(MidiReader.Parse(MidiWriter.ToBytes(song), file + " (decoded)"));
            foreach (var (a, b) in Pairs(file, reference, back))
            {
                double onset = Math.Abs(a.Start - b.Start), offset = Math.Abs(a.End - b.End);
                Assert.That(onset, Is.LessThanOrEqualTo(tolerance), $"{file}: onset of {a} decoded as {b}");
                Assert.That(offset, Is.LessThanOrEqualTo(tolerance), $"{file}: offset of {a} decoded as {b}");
                Assert.That(PerformanceEvents.VelocityBin(b.Velocity),
                    Is.EqualTo(PerformanceEvents.VelocityBin(a.Velocity)), $"{file}: velocity of {a} decoded as {b}");
                maxOnset = Math.Max(maxOnset, onset);
                maxOffset = Math.Max(maxOffset, offset);
                if (a.End - a.Start < 1.0 / PerformanceEvents.StepsPerSecond)
                {
                    withinOneStep++;
                    maxOffsetWithinOneStep = Math.Max(maxOffsetWithinOneStep, offset);
                }
                notes++;
            }
            events += encoded.Length;
        }
        Assert.That(withinOneStep, Is.GreaterThan(0),
            "the files hold notes shorter than one 10 ms step, the case the bound is about");
        TestContext.Out.WriteLine(
            $"events round trip of {Files} files: {notes} notes, {events} events; max onset error " +
            $"{maxOnset * 1000:0.###} ms, " +
            $"max offset error {maxOffset * 1000:0.###} ms; {withinOneStep} notes shorter than 10 ms, max offset " +
            $"error {maxOffsetWithinOneStep * 1000:0.###} ms");
    }

    [Test]
    public void PianoRollAt100FpsKeepsNotesWithinHalfAFrame()
        => RoundTripPianoRoll(song => FrameClock.PerSecond(PianoRoll.DefaultFramesPerSecond));

    [Test]
    public void PianoRollOnTheSixteenthNoteGridKeepsNotesWithinHalfAFrame()
        => RoundTripPianoRoll(song => FrameClock.Sixteenths(song.Tempo));

    /// <summary>
    /// Renders and decodes each file on its clock. Per key, a note whose onset rounds to the frame of an earlier one
    /// replaces it, so the expected notes are the last of each (key, onset frame); times are compared in frames.
    /// </summary>
    private static void RoundTripPianoRoll(Func<MidiSong, FrameClock> clockOf)
    {
        long notes = 0, replaced = 0, oneFrame = 0;
        double maxOnset = 0, maxOffset = 0;
        string clockName = "";
        foreach (string file in TestData.MaestroFiles(Files))
        {
            var song = MidiReader.Read(file);
            var clock = clockOf(song);
            clockName = clock.ToString();
            var keys = PerformanceNotes.FromSong(song).Where(n => PianoRoll.IsKey(n.Pitch)).ToArray();
            var reference = keys.GroupBy(n => (n.Pitch, clock.NearestFrame(n.Start))).Select(g => g.MaxBy(n => n.Start))
                .ToArray();
            replaced += keys.Length - reference.Length;
            int frames = PianoRoll.FrameCount(keys, clock);
            var back = PianoRoll.Decode(PianoRoll.Render(keys, clock), frames, clock);
            foreach (var (a, b) in Pairs(file, reference, back))
            {
                double onset = Math.Abs(clock.FrameAt(a.Start) - clock.FrameAt(b.Start));
                Assert.That(onset, Is.LessThanOrEqualTo(0.5 + 1e-9), $"{file}: onset of {a} decoded as {b}, in frames");
                Assert.That(b.Velocity, Is.EqualTo(a.Velocity), file);
                if (clock.FrameAt(a.End) - clock.FrameAt(a.Start) >= 1)
                {
                    double offset = Math.Abs(clock.FrameAt(a.End) - clock.FrameAt(b.End));
                    Assert.That(offset, Is.LessThanOrEqualTo(0.5 + 1e-9),
                        $"{file}: offset of {a} decoded as {b}, in frames");
                    maxOffset = Math.Max(maxOffset, offset);
                }
                else
                {
                    Assert.That(clock.FrameAt(b.End) - clock.FrameAt(b.Start), Is.EqualTo(1).Within(1e-9),
                        $"{file}: {a} is shorter than a frame and lasts one");
                    oneFrame++;
                }
                maxOnset = Math.Max(maxOnset, onset);
                notes++;
            }
        }
        TestContext.Out.WriteLine(
            $"pianoroll round trip at {clockName}, {Files} files: {notes} notes, max onset error " +
            $"{maxOnset:0.###} frames, " +
            $"max offset error {maxOffset:0.###} frames; {oneFrame} notes shorter than a frame last one; {replaced} " +
            "notes replaced by a later one of their key at the same frame");
    }

    /// <summary>Pairs the notes of each pitch in onset order, asserting both sides have as many.</summary>
    private static IEnumerable<(TimedNote Reference, TimedNote Back)> Pairs(string file, TimedNote[] reference,
        TimedNote[] back)
    {
        Assert.That(back, Has.Length.EqualTo(reference.Length), $"{file}: notes decoded");
        var actual = back.ToLookup(n => n.Pitch);
        foreach (var group in reference.GroupBy(n => n.Pitch))
        {
            var a = group.OrderBy(n => n.Start).ToArray();
            var b = actual[group.Key].OrderBy(n => n.Start).ToArray();
            Assert.That(b, Has.Length.EqualTo(a.Length), $"{file}: notes of pitch {group.Key}");
            for (int i = 0; i < a.Length; i++) yield return (a[i], b[i]);
        }
    }
}
