namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// Scores generated sections (bars, or several bars) against real ones by hit F1 to the nearest section, the
/// precision-and-recall view of a generator (realism: is each generated section like some real one; coverage: is
/// every real section like some generated one), plus how close the generated sections come to the training ones, and
/// how many copy one outright (<see cref="GenerationRow"/>).
/// </summary>
public static class GenerationScore
{
    /// <summary>
    /// The row of <paramref name="generated"/> sections of <paramref name="sectionBars"/> bars scored against
    /// <paramref name="heldOut"/> sections, with copies counted against <paramref name="train"/>.
    /// </summary>
    public static GenerationRow Score(string method, string meaning, int sectionBars, HitPatterns generated,
        HitPatterns heldOut, HitPatterns train)
    {
        if (generated.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException("scoring needs at least one generated and one held-out section");
        var realism = new double[generated.Count];
        var nearestTrain = new double[generated.Count];
        var coverage = new double[heldOut.Count];
        Parallel.For(0, generated.Count, g =>
        {
            realism[g] = generated.NearestF1(g, heldOut);
            nearestTrain[g] = generated.NearestF1(g, train);
        });
        Parallel.For(0, heldOut.Count, h => coverage[h] = heldOut.NearestF1(h, generated));
        var (realismMean, realismLow, realismHigh) = MeanAndInterval(realism);
        var (coverageMean, coverageLow, coverageHigh) = MeanAndInterval(coverage);
        return new GenerationRow(method, meaning, generated.Count, sectionBars, realismMean, realismLow, realismHigh,
            coverageMean, coverageLow, coverageHigh, nearestTrain.Average(),
            nearestTrain.Count(f => f == 1) / (double)nearestTrain.Length, MeanHits(generated) / sectionBars,
            MeanHits(heldOut) / sectionBars);
    }

    // the mean F1 and its percentile bootstrap 95% interval over the sections, which stays within [0, 1]; none for
    // one section, whose mean alone says nothing of its spread
    private static (double Mean, double? Low, double? High) MeanAndInterval(double[] f1s)
    {
        var mean = new PooledMean();
        foreach (double f1 in f1s) mean.Add(1, f1);
        if (f1s.Length < 2) return (mean.Mean, null, null);
        var (low, high) = mean.Interval();
        return (mean.Mean, low, high);
    }

    private static double MeanHits(HitPatterns bars) => Enumerable.Range(0, bars.Count).Average(bars.HitsOf);
}
