using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// <see cref="FrameNotes"/> places notes in any order by start frame, then exact onset: the same notes shuffled give
/// the same spans, in start order, as they do sorted.
/// </summary>
public class FrameNotesTests
{
    [Test]
    public void NotesInAnyOrderArePlacedByStartFrameThenOnset()
    {
        var random = new Random(5);
        // onsets 7 ms apart on a 25 fps clock: several notes share a start frame, none an onset
        TimedNote[] sorted = [.. Enumerable.Range(0, 300).Select(i =>
            new TimedNote(21 + random.Next(88), 1 + random.Next(127), i * 0.007,
                i * 0.007 + 0.02 + random.NextDouble()))];
        var shuffled = (TimedNote[])sorted.Clone();
        random.Shuffle(shuffled);
        var clock = FrameClock.PerSecond(25);

        var expected = new FrameNotes(sorted, clock);
        var placed = new FrameNotes(shuffled, clock);

        Assert.That(placed.EndFrame, Is.EqualTo(expected.EndFrame));
        for (int first = 0; first < expected.EndFrame; first += 7)
            Assert.That(placed.Overlapping(first, 7), Is.EqualTo(expected.Overlapping(first, 7)),
                $"frames from {first}");
        var spans = placed.Overlapping(0, placed.EndFrame).ToList();
        Assert.That(spans, Has.Count.EqualTo(sorted.Length));
        Assert.That(spans.Select(s => s.Start), Is.Ordered);
        Assert.That(spans.Select(s => s.Key + PianoRoll.LowestPitch), Is.EqualTo(sorted.Select(n => n.Pitch)));
    }
}
