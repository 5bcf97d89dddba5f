using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Accuracy(first) − accuracy(second) of two classifiers scored on the same pieces: the difference, its percentile
/// interval from a paired bootstrap over the pieces (<see cref="GroupBootstrap"/>, each piece a group holding both
/// classifiers' 0/1 outcomes), and the exact McNemar p-value (<see cref="McNemarTest"/>) of the discordant pieces:
/// <see cref="OnlyFirstCorrect"/> the first labelled right and the second wrong, <see cref="OnlySecondCorrect"/> the
/// reverse.
/// </summary>
public sealed record AccuracyDifference(double Difference, double Low, double High, int OnlyFirstCorrect,
    int OnlySecondCorrect, double McNemarP, int Resamples)
{
    /// <summary>Resamples of the pieces drawn by default.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>
    /// The paired comparison of <paramref name="first"/> and <paramref name="second"/>, whether each classifier
    /// labelled each piece right, in the same piece order. Seeded, so reproducible.
    /// </summary>
    public static AccuracyDifference Paired(IReadOnlyList<bool> first, IReadOnlyList<bool> second,
        double confidence = 0.95, int resamples = DefaultResamples, int seed = 1)
    {
        if (first.Count != second.Count || first.Count == 0)
            throw new ArgumentException(
                $"a paired comparison needs the same pieces, at least one: got {first.Count} and {second.Count}");
        var pieces = first.Select((right, i) => new long[] { right ? 1 : 0, second[i] ? 1 : 0 }).ToList();
        double n = pieces.Count;
        var (low, high) = GroupBootstrap.Interval(pieces, sum => (sum[0] - sum[1]) / n, confidence, resamples, seed);
        int onlyFirst = pieces.Count(p => p[0] > p[1]), onlySecond = pieces.Count(p => p[1] > p[0]);
        return new AccuracyDifference((onlyFirst - onlySecond) / n, low, high, onlyFirst, onlySecond,
            McNemarTest.ExactPValue(onlyFirst, onlySecond), resamples);
    }
}
