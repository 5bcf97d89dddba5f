namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// F1(a) − F1(b) of two methods scored on the same items, with a percentile interval from a paired bootstrap: each
/// resample draws whole groups (the files the items came from: bars of one file are not independent) with replacement,
/// and both methods' F1 are recomputed from the counts pooled over the drawn groups' items.
/// </summary>
public sealed record F1Difference(double Difference, double Low, double High, int Groups, int Resamples);

/// <summary>The paired bootstrap behind <see cref="F1Difference"/>.</summary>
public static class PairedF1Bootstrap
{
    /// <summary>Resamples of the groups drawn by default.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>
    /// F1(<paramref name="a"/>) − F1(<paramref name="b"/>) and its interval. <paramref name="groupOfItem"/> gives
    /// each item's group (0 .. groups − 1), items in the order both tallies added them. Seeded, so reproducible.
    /// </summary>
    public static F1Difference Run(PooledF1 a, PooledF1 b, IReadOnlyList<int> groupOfItem, double confidence = 0.95,
        int resamples = DefaultResamples, int seed = 1)
    {
        if (a.Items != b.Items || a.Items != groupOfItem.Count)
            throw new ArgumentException(
                $"a paired comparison needs the same items: {a.Items} and {b.Items} scored, "
                + $"{groupOfItem.Count} grouped");
        if (resamples < 1) throw new ArgumentException($"resamples must be positive, got {resamples}");
        double difference = a.F1 - b.F1;
        if (a.Items == 0) return new F1Difference(difference, difference, difference, 0, resamples);
        var groups = GroupCounts(a, b, groupOfItem);
        var (low, high) = GroupBootstrap.Interval(groups,
            sum => PooledF1.F1Of(sum[0], sum[1], sum[2]) - PooledF1.F1Of(sum[3], sum[4], sum[5]), confidence, resamples,
            seed);
        return new F1Difference(difference, low, high, groups.Length, resamples);
    }

    // per group: a's TP, FP, FN, then b's, summed over the group's items
    private static long[][] GroupCounts(PooledF1 a, PooledF1 b, IReadOnlyList<int> groupOfItem)
    {
        var groups = Enumerable.Range(0, GroupBootstrap.CountGroups(groupOfItem)).Select(_ => new long[6]).ToArray();
        for (int i = 0; i < groupOfItem.Count; i++)
        {
            var (counts, ofA, ofB) = (groups[groupOfItem[i]], a.PerItem[i], b.PerItem[i]);
            (counts[0], counts[1], counts[2]) = (counts[0] + ofA.TruePositives, counts[1] + ofA.FalsePositives,
                counts[2] + ofA.FalseNegatives);
            (counts[3], counts[4], counts[5]) = (counts[3] + ofB.TruePositives, counts[4] + ofB.FalsePositives,
                counts[5] + ofB.FalseNegatives);
        }
        return groups;
    }
}
