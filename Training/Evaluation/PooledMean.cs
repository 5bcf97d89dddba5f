namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// A mean pooled over items (Groove grids), such as a mean absolute error: each item's count of values and their sum
/// are kept, so the mean gets a percentile bootstrap interval over items and two methods scored on the same items a
/// paired difference, resampled by group (the items' files).
/// </summary>
public sealed class PooledMean
{
    private readonly List<(int Count, double Sum)> _perItem = [];
    private long _count;
    private double _sum;

    /// <summary>Items added.</summary>
    public int Items => _perItem.Count;

    /// <summary>Values scored, over all items.</summary>
    public long Count => _count;

    /// <summary>The sum over every item's values, over their number; 0 when there were none.</summary>
    public double Mean => _count == 0 ? 0 : _sum / _count;

    /// <summary>Adds one item: <paramref name="count"/> values that sum to <paramref name="sum"/>.</summary>
    public void Add(int count, double sum)
    {
        _count += count;
        _sum += sum;
        _perItem.Add((count, sum));
    }

    /// <summary>A percentile bootstrap interval of the pooled mean over the items (seeded, so reproducible).</summary>
    public (double Low, double High) Interval(double confidence = 0.95, int resamples = 1000, int seed = 1)
        => _perItem.Count == 0 ? (Mean, Mean) : GroupBootstrap.Interval(
            [.. _perItem.Select(item => new[] { item.Count, item.Sum })], sum => MeanOf(sum[0], sum[1]),
            confidence, resamples, seed);

    /// <summary>
    /// Mean(<paramref name="a"/>) − Mean(<paramref name="b"/>) of two methods scored on the same items, with a paired
    /// percentile interval that draws whole groups (<paramref name="groupOfItem"/>: 0 .. groups − 1, every group
    /// holding an item) with replacement.
    /// </summary>
    public static (double Difference, double Low, double High) PairedDifference(PooledMean a, PooledMean b,
        IReadOnlyList<int> groupOfItem, double confidence = 0.95, int resamples = PairedF1Bootstrap.DefaultResamples,
        int seed = 1)
    {
        if (a.Items != b.Items || a.Items != groupOfItem.Count)
            throw new ArgumentException(
                $"a paired comparison needs the same items: {a.Items} and {b.Items} scored, {groupOfItem.Count} "
                + "grouped");
        double difference = a.Mean - b.Mean;
        if (a.Items == 0) return (difference, difference, difference);
        var groups = Enumerable.Range(0, GroupBootstrap.CountGroups(groupOfItem)).Select(_ => new double[4]).ToArray();
        for (int i = 0; i < groupOfItem.Count; i++)
        {
            var sums = groups[groupOfItem[i]];
            (sums[0], sums[1]) = (sums[0] + a._perItem[i].Count, sums[1] + a._perItem[i].Sum);
            (sums[2], sums[3]) = (sums[2] + b._perItem[i].Count, sums[3] + b._perItem[i].Sum);
        }
        var (low, high) = GroupBootstrap.Interval(groups,
            sum => MeanOf(sum[0], sum[1]) - MeanOf(sum[2], sum[3]), confidence, resamples, seed);
        return (difference, low, high);
    }

    private static double MeanOf(double count, double sum) => count == 0 ? 0 : sum / count;
}
