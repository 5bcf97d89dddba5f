using TcnWtaNative.Midi;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class PianoRollStatisticsTests
{
    // C4 and E4 together for a second, then G4 alone for a second, then C5 for two seconds
    private static readonly TimedNote[] Notes =
    [
        new(60, 64, 0, 1), new(64, 96, 0, 1), new(67, 32, 1, 2), new(72, 64, 2, 4),
    ];

    [Test]
    public void KeySharesDensityPolyphonyAndIntervals()
    {
        var row = PianoRollStatistics.Of(Notes);

        Assert.That(row, Has.Length.EqualTo(PianoRollStatistics.Count));
        Assert.That(row.Take(88).Sum(), Is.EqualTo(1).Within(1e-12), "key shares");
        Assert.That(row[60 - 21], Is.EqualTo(0.25));
        Assert.That(row[88], Is.EqualTo(1.0), "4 notes in 4 seconds");
        Assert.That(row[89], Is.EqualTo(5 / 4.0), "5 note-seconds over 4 seconds");
        Assert.That(row[90], Is.EqualTo(2), "two notes at most; a note ending as another starts does not overlap");
        Assert.That(row[91], Is.EqualTo(64 / 127.0).Within(1e-12), "mean velocity");
        Assert.That(row[94], Is.EqualTo(Math.Log(1)).Within(1e-12), "median duration: one second");
        Assert.That(row[95], Is.GreaterThan(row[94]), "the 90th percentile is the long note's side");
        var intervals = row[^7..];
        Assert.That(intervals, Is.EqualTo(new[] { 0, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0 }).Within(1e-12),
            "steps 4 (major third), 3 (minor third), 5 (fourth)");
    }

    [Test]
    public void APieceWithoutNotesIsRefused()
        => Assert.That(() => PianoRollStatistics.Of(Array.Empty<TimedNote>()), Throws.ArgumentException);
}
