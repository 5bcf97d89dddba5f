using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>A drum piece's code cut into segments of a few bars: lengths, the tail rule and empty segments.</summary>
public class PieceSegmentsTests
{
    private const int Channels = 3 * DrumMapping.ClassCount;

    [TestCase(4, 4, 16)]
    [TestCase(1, 16, 1)]
    [TestCase(2, 8, 4)]
    [TestCase(1, 12, 2)]
    [TestCase(3, 64, 1)]
    public void ABarIsSixteenStepsRoundedUpToWholeFrames(int bars, int frameLength, int columns)
        => Assert.That(PieceSegments.ColumnsFor(bars, frameLength), Is.EqualTo(columns));

    [Test]
    public void ASegmentNeedsABar()
        => Assert.That(() => PieceSegments.ColumnsFor(0, 4),
            Throws.ArgumentException.With.Message.EqualTo("a segment needs at least one bar, got 0"));

    [TestCase(16, 8, new[] { 0, 8, 8, 8 })]
    [TestCase(20, 8, new[] { 0, 8, 8, 8, 16, 4 })]
    [TestCase(19, 8, new[] { 0, 8, 8, 11 })]
    [TestCase(3, 8, new[] { 0, 3 })]
    [TestCase(5, 8, new[] { 0, 5 })]
    [TestCase(7, 1, new[] { 0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5, 1, 6, 1 })]
    public void AHalfSegmentTailStandsAloneAndAShorterOneJoinsThePrevious(int columns, int length, int[] expected)
    {
        var segments = PieceSegments.Cut(columns, length);

        Assert.That(segments.SelectMany(s => new[] { s.First, s.Count }), Is.EqualTo(expected));
        Assert.That(segments.Sum(s => s.Count), Is.EqualTo(columns), "every column in exactly one segment");
    }

    [Test]
    public void SegmentsPoolTheirOwnColumnsHoweverTheWindowsFall()
    {
        // 2 atoms over 6 columns of one-step frames, segments of 2 columns; hits in columns 0 and 5 only
        var code = new SparseCode(2, 6, [1, 2, 3, 4, 5, 6, 0, 0, 7, 0, 0, 9]);
        GrooveHit[] hits = [new(0, 0, 100, 0), new(3, 0, 90, 0), new(3, 5, 80, 0)];

        var whole = Segments(code, hits, windows: [6]);
        var split = Segments(code, hits, windows: [3, 1, 2]);

        Assert.That(whole.Select(s => s.Code.Max), Is.EqualTo(new[] { new double[] { 2, 0 }, [6, 9] }),
            "the middle segment, without a hit, is dropped");
        Assert.That(whole.Select(s => s.Baselines[PieceFeatures.DrumClasses][3]), Is.EqualTo(new[] { 0.5, 1 }));
        Assert.That(whole.Select(s => s.Baselines[PieceFeatures.DrumClasses].Sum()), Is.All.EqualTo(1));
        Assert.That(whole.Select(s => s.Piece.Label), Is.All.EqualTo("drummer1"));
        Assert.That(whole.Select(s => s.Baselines[PieceFeatures.PlayedProfile][0]), Is.All.EqualTo(0.5),
            "drum 0 is played in the even column of each segment");
        Assert.That(whole.Select(s => s.Baselines[PieceFeatures.PlayedProfile][DrumMapping.ClassCount]),
            Is.All.EqualTo(0.75).Within(1e-6), "at its velocity there");
        Assert.That(split.Select(s => (s.Code.Mean, s.Code.Max, s.Decoded!.Mean)),
            Is.EqualTo(whole.Select(s => (s.Code.Mean, s.Code.Max, s.Decoded!.Mean))));
        Assert.That(split.Select(s => s.Baselines[PieceFeatures.PlayedProfile]),
            Is.EqualTo(whole.Select(s => s.Baselines[PieceFeatures.PlayedProfile])));
    }

    [Test]
    public void AHitPastTheCodedColumnsCountsForNoSegment()
    {
        var code = new SparseCode(1, 4, [1, 1, 1, 1]);

        var segments = Segments(code, [new(2, 9, 100, 0)], windows: [4]);

        Assert.That(segments, Is.Empty, "no segment holds a note, so the piece has no usable segment");
    }

    [Test]
    public void ColumnsThatNeverArriveAreAnError()
    {
        var segments = new PieceSegments.Accumulator(1, Channels, 1, [], 4, 2);
        segments.Add(new SparseCode(1, 2, [1, 1]), 0, new float[Channels * 2], new float[Channels * 2]);

        Assert.That(() => segments.Result(new LabeledPiece("a.mid", "x", "train")),
            Throws.ArgumentException.With.Message.EqualTo("1 of 2 segments never finished"));
    }

    // the segments of a code handed over in windows of the given column counts, decoded frames all ones, and input
    // frames [27, columns] playing drum 0 at velocity 0.75 in the piece's even columns
    private static IReadOnlyList<PieceFeatures> Segments(SparseCode code, GrooveHit[] hits, int[] windows)
    {
        var segments = new PieceSegments.Accumulator(code.Atoms, Channels, 1, hits, code.Columns, 2);
        int first = 0;
        foreach (int columns in windows)
        {
            var decoded = Enumerable.Repeat(1f, Channels * columns).ToArray();
            var played = new float[Channels * columns];
            for (int t = 0; t < columns; t++)
                if ((first + t) % 2 == 0) (played[t], played[DrumMapping.ClassCount * columns + t]) = (1f, 0.75f);
            segments.Add(Columns(code, first, columns), first, decoded, played);
            first += columns;
        }
        return segments.Result(new LabeledPiece("a.mid", "drummer1", "train"));
    }

    private static SparseCode Columns(SparseCode code, int first, int count)
        => new(code.Atoms, count, [.. Enumerable.Range(0, code.Atoms)
            .SelectMany(n => code.Values.Skip(n * code.Columns + first).Take(count))]);
}
