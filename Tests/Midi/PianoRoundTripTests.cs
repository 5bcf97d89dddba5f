using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Tests.Midi;

/// <summary>MAESTRO files through each encoding and back to MIDI keep every note.</summary>
public class PianoRoundTripTests
{
    private const int Files = 5;

    [Test]
    public void EventsKeepPitchOnsetOffsetAndVelocityBin()
    {
        var stats = new Stats();
        foreach (string file in TestData.MaestroFiles(Files))
        {
            var reference = PerformanceNotes.FromSong(MidiReader.Read(file));
            var events = PerformanceEvents.Encode(reference);
            var song = PianoMidi.ToSong(PerformanceEvents.Decode(events), file);
            var back = TimedNote.FromSong(MidiReader.Parse(MidiWriter.ToBytes(song), file + " (decoded)"));
            stats.Compare(file, reference, back, tolerance: 0.010, shortest: 1.0 / PerformanceEvents.StepsPerSecond, exactVelocity: false);
            stats.Events += events.Length;
        }
        TestContext.Out.WriteLine($"events round trip: {stats}, {stats.Events} events");
    }

    [Test]
    public void PianoRollKeepsNotesWithinOneFrame()
    {
        var stats = new Stats();
        const double fps = PianoRoll.DefaultFramesPerSecond;
        foreach (string file in TestData.MaestroFiles(Files))
        {
            var reference = PerformanceNotes.FromSong(MidiReader.Read(file)).Where(n => PianoRoll.IsKey(n.Pitch)).ToArray();
            int frames = PianoRoll.FrameCount(reference);
            var roll = PianoRoll.Render(reference);
            var back = PianoRoll.Decode(roll, frames);
            stats.Compare(file, reference, back, tolerance: 1 / fps, shortest: 1 / fps, exactVelocity: true);
        }
        TestContext.Out.WriteLine($"pianoroll round trip: {stats}");
    }

    /// <summary>Pairs notes per pitch in onset order and checks each pair.</summary>
    private sealed class Stats
    {
        public int Notes, Short;
        public long Events;
        public double MaxOnset, MaxOffset, MaxShortOffset;

        public void Compare(string file, TimedNote[] reference, TimedNote[] back, double tolerance, double shortest, bool exactVelocity)
        {
            var expected = reference.ToLookup(n => n.Pitch);
            var actual = back.ToLookup(n => n.Pitch);
            Assert.That(back, Has.Length.EqualTo(reference.Length), file);
            foreach (var group in expected)
            {
                var a = group.OrderBy(n => n.Start).ToArray();
                var b = actual[group.Key].OrderBy(n => n.Start).ToArray();
                Assert.That(b, Has.Length.EqualTo(a.Length), $"{file}: pitch {group.Key}");
                for (int i = 0; i < a.Length; i++)
                {
                    double onset = Math.Abs(a[i].Start - b[i].Start), offset = Math.Abs(a[i].End - b[i].End);
                    Assert.That(onset, Is.LessThanOrEqualTo(tolerance + 1e-9), $"{file}: onset of {a[i]} vs {b[i]}");
                    if (exactVelocity) Assert.That(b[i].Velocity, Is.EqualTo(a[i].Velocity), file);
                    else Assert.That(PerformanceEvents.VelocityBin(b[i].Velocity), Is.EqualTo(PerformanceEvents.VelocityBin(a[i].Velocity)), file);
                    if (a[i].End - a[i].Start >= shortest)
                    {
                        Assert.That(offset, Is.LessThanOrEqualTo(tolerance + 1e-9), $"{file}: offset of {a[i]} vs {b[i]}");
                        MaxOffset = Math.Max(MaxOffset, offset);
                    }
                    else
                    {
                        // Shorter than one step: both encodings make it last one step.
                        Assert.That(b[i].End - b[i].Start, Is.EqualTo(shortest).Within(1.5e-3), $"{file}: short {a[i]} vs {b[i]}");
                        Short++;
                        MaxShortOffset = Math.Max(MaxShortOffset, offset);
                    }
                    MaxOnset = Math.Max(MaxOnset, onset);
                    Notes++;
                }
            }
        }

        public override string ToString()
            => $"{Notes} notes, max onset error {MaxOnset * 1000:0.###} ms, max offset error {MaxOffset * 1000:0.###} ms; " +
               $"{Short} notes shorter than one step lengthened to one step (max offset error {MaxShortOffset * 1000:0.###} ms)";
    }
}
