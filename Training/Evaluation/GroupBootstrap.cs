using System.Numerics;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// A seeded percentile bootstrap over groups of counts or sums: each resample draws as many groups as there are, with
/// replacement, sums their vectors, and evaluates a statistic of the sums. The paired comparisons
/// (<see cref="PairedF1Bootstrap"/>, <see cref="Analysis.AccuracyDifference"/>, <see cref="PooledMean"/>) give each
/// group both methods' counts or errors, so a resample keeps the pairing.
/// </summary>
public static class GroupBootstrap
{
    /// <summary>
    /// The number of groups <paramref name="groupOfItem"/> numbers its items into (one group index per item):
    /// indices must run 0 .. groups − 1 with no group left empty.
    /// </summary>
    public static int CountGroups(IReadOnlyList<int> groupOfItem)
    {
        int groupCount = groupOfItem.Max() + 1;
        if (groupOfItem.Min() < 0) throw new ArgumentException("group indices must not be negative");
        if (groupOfItem.Distinct().Count() != groupCount)
            throw new ArgumentException($"groups must be numbered 0 .. {groupCount - 1} with no group left empty");
        return groupCount;
    }

    /// <summary>
    /// The central <paramref name="confidence"/> percentile interval of <paramref name="statistic"/> over
    /// <paramref name="resamples"/> resamples of <paramref name="groups"/> (each group's values [C], C alike for all).
    /// </summary>
    public static (double Low, double High) Interval<T>(IReadOnlyList<T[]> groups, Func<T[], double> statistic,
        double confidence, int resamples, int seed) where T : INumber<T>
    {
        if (resamples < 1) throw new ArgumentException($"resamples must be positive, got {resamples}");
        if (groups.Count == 0) throw new ArgumentException("a bootstrap needs at least one group");
        var random = new Random(seed);
        var values = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            var sum = new T[groups[0].Length];
            Array.Fill(sum, T.Zero);
            for (int i = 0; i < groups.Count; i++)
            {
                var drawn = groups[random.Next(groups.Count)];
                for (int c = 0; c < sum.Length; c++) sum[c] += drawn[c];
            }
            values[r] = statistic(sum);
        }
        Array.Sort(values);
        double tail = (1 - confidence) / 2;
        return (values[(int)Math.Floor(tail * (resamples - 1))],
            values[(int)Math.Ceiling((1 - tail) * (resamples - 1))]);
    }
}
