using TcnWtaNative.Midi;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// Precision, recall and F1 of true positive, false positive and false negative counts pooled over items (Groove grids,
/// piano pieces), the counts kept per item as well so F1 gets a percentile bootstrap interval over items.
/// </summary>
public sealed class PooledF1
{
    private readonly List<(int TruePositives, int FalsePositives, int FalseNegatives)> _perItem = [];

    public long TruePositives { get; private set; }
    public long FalsePositives { get; private set; }
    public long FalseNegatives { get; private set; }
    /// <summary>Items added.</summary>
    public int Items => _perItem.Count;
    /// <summary>Each added item's counts, in the order added.</summary>
    public IReadOnlyList<(int TruePositives, int FalsePositives, int FalseNegatives)> PerItem => _perItem;
    /// <summary>TP / (TP + FP), 1 when nothing was predicted.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    /// <summary>TP / (TP + FN), 1 when there was nothing to find.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double F1 => F1Of(TruePositives, FalsePositives, FalseNegatives);

    /// <summary>Adds one item's counts.</summary>
    public void Add(int truePositives, int falsePositives, int falseNegatives)
    {
        TruePositives += truePositives;
        FalsePositives += falsePositives;
        FalseNegatives += falseNegatives;
        _perItem.Add((truePositives, falsePositives, falseNegatives));
    }

    /// <summary>
    /// Adds one item's note matching: matched notes are true positives, other estimates false positives.
    /// </summary>
    public void Add(NoteMatchResult match)
        => Add(match.Matched, match.EstimateCount - match.Matched, match.ReferenceCount - match.Matched);

    /// <summary>
    /// A percentile bootstrap interval of F1 over the added items: F1 of the pooled counts of
    /// <paramref name="resamples"/> resamples of the items drawn with replacement (seeded, so reproducible).
    /// </summary>
    public (double Low, double High) F1Interval(double confidence = 0.95, int resamples = 1000, int seed = 1)
        => _perItem.Count == 0
            ? (F1, F1)
            : GroupBootstrap.Interval(
                [.. _perItem.Select(item => new long[] { item.TruePositives, item.FalsePositives,
                    item.FalseNegatives })],
                sums => F1Of(sums[0], sums[1], sums[2]), confidence, resamples, seed);

    private static double Ratio(long part, long whole) => whole == 0 ? 1 : (double)part / whole;

    /// <summary>F1 of pooled counts: 2PR / (P + R), 0 when both are 0.</summary>
    public static double F1Of(long truePositives, long falsePositives, long falseNegatives)
    {
        double precision = Ratio(truePositives, truePositives + falsePositives);
        double recall = Ratio(truePositives, truePositives + falseNegatives);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
