using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// The onset roll: exact layout on hand-made notes, windows that tile a piece, and real files round trip.
/// </summary>
public class OnsetRollTests
{
    private static readonly FrameClock Clock = FrameClock.PerSecond(20);

    [Test]
    public void MarksOnsetVelocityAndOffsetOfEachNoteAndDecodesThemBack()
    {
        // C4 at 0.10 s for 0.5 s (frames 2..12), E4 at 0.30 s for 0.04 s (frame 6, lasts one frame), C4 again at 1.0 s
        TimedNote[] notes = [new(60, 100, 0.10, 0.60), new(64, 64, 0.30, 0.34), new(60, 20, 1.0, 1.2)];
        var placed = new FrameNotes(notes, Clock);
        int frames = OnsetRoll.FrameCount(placed);
        Assert.That(frames, Is.EqualTo(25), "one past the last offset, frame 24");
        var roll = OnsetRoll.Render(placed, 0, frames);
        int c4 = 60 - PianoRoll.LowestPitch, e4 = 64 - PianoRoll.LowestPitch;
        Assert.That(roll[c4 * frames + 2], Is.EqualTo(1));
        Assert.That(roll[(OnsetRoll.VelocityRow + c4) * frames + 2], Is.EqualTo(100 / 127f));
        Assert.That(roll[(OnsetRoll.OffsetRow + c4) * frames + 12], Is.EqualTo(1));
        Assert.That(roll[(OnsetRoll.OffsetRow + e4) * frames + 7], Is.EqualTo(1),
            "a note shorter than a frame lasts one");
        Assert.That(roll.Count(v => v != 0), Is.EqualTo(9), "three values per note and nothing else");
        var back = OnsetRoll.Decode(roll, frames, Clock);
        Assert.That(back,
            Is.EqualTo(new TimedNote[] { new(60, 100, 0.10, 0.60), new(64, 64, 0.30, 0.35), new(60, 20, 1.0, 1.2) })
            .Using<TimedNote>((a, b) => a.Pitch == b.Pitch && a.Velocity == b.Velocity
                && Math.Abs(a.Start - b.Start) < 1e-9 && Math.Abs(a.End - b.End) < 1e-9));
    }

    [Test]
    public void DecodedNoteEndsAtTheKeysNextOnsetWhenNoOffsetComesFirstAndAtTheRollsEndWhenNothingDoes()
    {
        const int frames = 10;
        var roll = new float[OnsetRoll.Channels * frames];
        roll[0 * frames + 1] = 0.9f;
        roll[0 * frames + 4] = 0.7f;
        roll[(OnsetRoll.VelocityRow + 0) * frames + 1] = 0.5f;
        var notes = OnsetRoll.Decode(roll, frames, Clock);
        Assert.That(notes.Select(n => (n.Start, n.End)), Is.EqualTo(new[] { (0.05, 0.2), (0.2, 0.5) }));
        Assert.That(notes.Select(n => n.Velocity), Is.EqualTo(new[] { 64, 1 }),
            "velocity from the onset frame's level, at least 1");
    }

    [Test]
    public void WindowsOfAnyLengthTileTheWholeRender([Values(1, 7, 64)] int window)
    {
        var notes = RandomNotes(new Random(window), 300, 30);
        var placed = new FrameNotes(notes, Clock);
        int frames = OnsetRoll.FrameCount(placed);
        AssertTiles(OnsetRoll.Render(placed, 0, frames), OnsetRoll.Channels, frames, window,
            (first, count) => OnsetRoll.Render(placed, first, count));
        AssertTiles(PianoRoll.Render(placed, 0, placed.EndFrame), PianoRoll.Channels, placed.EndFrame, window,
            (first, count) => PianoRoll.Render(placed, first, count));
    }

    [Test]
    public void RealFilesRoundTripWithOnsetsAndVelocitiesExactOnTheirFrames()
    {
        var representation = new OnsetRollRepresentation();
        long notes = 0, endsOnTheirFrame = 0;
        foreach (string file in TestData.MaestroFiles(4))
        {
            var song = MidiReader.Read(file);
            var keys = PerformanceNotes.FromSong(song).Where(n => PianoRoll.IsKey(n.Pitch)).ToArray();
            var encoded = representation.Encode(song);
            var back = representation.ToNotes(encoded.Signal, encoded.Length, encoded.Bpm);
            // per key, the roll holds one onset per frame: the last note struck there
            var expected = keys.GroupBy(n => (n.Pitch, Clock.NearestFrame(n.Start))).Select(g => g.MaxBy(n => n.Start))
                .ToArray();
            Assert.That(back, Has.Length.EqualTo(expected.Length), file);
            var decoded = back.ToDictionary(n => (n.Pitch, Clock.NearestFrame(n.Start)));
            foreach (var note in expected)
            {
                Assert.That(decoded.TryGetValue((note.Pitch, Clock.NearestFrame(note.Start)), out var b), Is.True,
                    $"{file}: {note} is missing");
                Assert.That(b.Velocity, Is.EqualTo(note.Velocity), $"{file}: velocity of {note}");
                long end = Math.Max(Clock.NearestFrame(note.End), Clock.NearestFrame(note.Start) + 1);
                Assert.That(Clock.NearestFrame(b.End), Is.LessThanOrEqualTo(end),
                    $"{file}: {note} decoded as {b} ends late");
                if (Clock.NearestFrame(b.End) == end) endsOnTheirFrame++;
                notes++;
            }
        }
        // an end comes early only where another note of the key (struck in the same frame) ended first
        Assert.That(endsOnTheirFrame, Is.GreaterThanOrEqualTo(notes * 99 / 100),
            $"{endsOnTheirFrame} of {notes} notes end on their own frame");
        TestContext.Out.WriteLine(
            $"onset roll at 20 fps, 4 files: {notes} notes, {endsOnTheirFrame} end on their own rounded frame");
    }

    private static void AssertTiles(float[] whole, int channels, int frames, int window, Func<int, int, float[]> render)
    {
        for (int first = 0; first < frames; first += window)
        {
            int count = Math.Min(window, frames - first);
            var part = render(first, count);
            for (int c = 0; c < channels; c++)
                Assert.That(part.AsSpan(c * count, count).ToArray(),
                    Is.EqualTo(whole.AsSpan(c * frames + first, count).ToArray()),
                    $"channel {c} of the window at frame {first}");
        }
    }

    private static TimedNote[] RandomNotes(Random random, int count, double seconds)
        => [.. Enumerable.Range(0, count).Select(_ =>
        {
            double start = random.NextDouble() * seconds;
            return new TimedNote(random.Next(15, 115), random.Next(1, 128), start,
                start + random.NextDouble() * random.NextDouble() * 4);
        }).OrderBy(n => n.Start)];
}
