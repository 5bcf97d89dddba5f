using TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Scores every method at every budget on one split of Groove bars [count, 27, T]: each method reconstructs the bars
/// with b non-zeros per bar, and the reconstruction is scored hit by hit (<see cref="GrooveHitMetrics"/>). The hit
/// threshold that maximizes F1 on the validation bars is found per (method, budget) and applied to the scored split
/// beside the fixed 0.5. Budgets a method cannot spend exactly are left out (see <see cref="IBarCoder.Supports"/>).
/// Each baseline row is compared with the model's best row at its budget by a paired bootstrap over the scored bars'
/// files (<see cref="ModelComparison"/>). For denoising, the methods code noisy copies of the bars and are scored
/// against the clean ones; for humanizing, the baselines are also compared with the model on the velocity and offset
/// errors (<see cref="PlayedComparison"/>).
/// </summary>
public static class RateDistortionStudy
{
    /// <summary>The thresholds tried on validation: 0.05, 0.075, ..., 0.95.</summary>
    public static IReadOnlyList<float> CandidateThresholds { get;
        } = [.. Enumerable.Range(0, 37).Select(i => 0.05f + 0.025f * i)];

    /// <summary>
    /// One row per (method, budget) that the method supports, methods in the given order. The methods code
    /// <paramref name="validationInput"/> and <paramref name="scoredInput"/> where given (noisy copies of the same
    /// bars), else the bars themselves; reconstructions are always scored against <paramref name="validation"/> and
    /// <paramref name="scored"/>. Where <paramref name="comparePlayed"/>, each baseline row also carries its
    /// <see cref="PlayedComparison"/>.
    /// </summary>
    public static List<RateDistortionRow> Run(IEnumerable<IBarCoder> methods, IReadOnlyList<int> budgets,
        Bars validation, Bars scored, Bars? validationInput = null, Bars? scoredInput = null,
        bool comparePlayed = false)
    {
        var (validationCoded, scoredCoded) = (validationInput ?? validation, scoredInput ?? scored);
        if (validationCoded.Values.Length != validation.Values.Length
            || scoredCoded.Values.Length != scored.Values.Length)
            throw new ArgumentException("the coded inputs must be copies of the scored bars, of the same shape");
        var coders = methods.ToList();
        RefuseUnspendable(coders, budgets);
        var rows = new List<RateDistortionRow>();
        var hits = new List<PooledF1>();
        var (velocity, offset) = (new List<PooledMean>(), new List<PooledMean>());
        foreach (var method in coders)
            foreach (int budget in budgets.Where(method.Supports))
            {
                float threshold = TuneThreshold(validation,
                    method.Reconstruct(validationCoded.Values, validation.Count, budget));
                var reconstruction = method.Reconstruct(scoredCoded.Values, scored.Count, budget);
                var fixedThreshold = Score(scored, reconstruction, GrooveHitMetrics.DefaultThreshold);
                var tuned = Score(scored, reconstruction, threshold);
                var (low, high) = fixedThreshold.F1Interval();
                var (velocityInterval, offsetInterval) = (fixedThreshold.VelocityErrors.Interval(),
                    fixedThreshold.OffsetErrors.Interval());
                var accents = fixedThreshold.VelocityCorrelations;
                var accentInterval = accents.Interval();
                rows.Add(
                    new RateDistortionRow(method.Method, budget, method.AtomsAt(budget), method.BudgetMeaning(budget),
                    scored.Split, scored.Count,
                    fixedThreshold.Precision, fixedThreshold.Recall, fixedThreshold.F1, low, high,
                    threshold, tuned.Precision, tuned.Recall, tuned.F1,
                    fixedThreshold.VelocityMae, fixedThreshold.OffsetMaeSteps,
                    MeanSquaredError(scored.Values, reconstruction), fixedThreshold.FoundVelocityMae)
                    {
                        VelocityMaeLow = velocityInterval.Low, VelocityMaeHigh = velocityInterval.High,
                        OffsetMaeLow = offsetInterval.Low, OffsetMaeHigh = offsetInterval.High,
                        VelocityCorrelation = accents.Mean, VelocityCorrelationLow = accentInterval.Low,
                        VelocityCorrelationHigh = accentInterval.High,
                    });
                hits.Add(fixedThreshold.Hits);
                velocity.Add(fixedThreshold.VelocityErrors);
                offset.Add(fixedThreshold.OffsetErrors);
            }
        var compared = ModelComparison.Attach(rows, hits, scored.FileOfBar);
        return comparePlayed ? PlayedComparison.Attach(compared, velocity, offset, scored.FileOfBar) : compared;
    }

    /// <summary>
    /// The candidate threshold with the best hit F1 of the reconstruction against the bars (the lower one on ties).
    /// </summary>
    public static float TuneThreshold(Bars bars, float[] reconstruction)
        => CandidateThresholds.MaxBy(threshold => (Score(bars, reconstruction, threshold).F1, -threshold));

    // a budget no method spends exactly would give no rows at all: refused, with the largest budget any method spends
    // (looked for up to 2^20 non-zeros per bar, far beyond any bar's values)
    private static void RefuseUnspendable(List<IBarCoder> methods, IReadOnlyList<int> budgets)
    {
        var unspendable = budgets.Where(budget => !methods.Any(method => method.Supports(budget))).ToList();
        if (unspendable.Count == 0) return;
        int largest = Enumerable.Range(1, Math.Min(budgets.Max(), 1 << 20))
            .LastOrDefault(b => methods.Any(method => method.Supports(b)));
        throw new ArgumentException(
            $"no method here spends exactly {string.Join(" or ", unspendable)} non-zeros per bar; "
            + (largest == 0 ? "none spends a budget this small" : $"the largest any spends is {largest}"));
    }

    private static GrooveHitMetrics Score(Bars bars, float[] reconstruction, float threshold)
    {
        var metrics = new GrooveHitMetrics(threshold);
        int size = bars.Channels * bars.Steps;
        for (int i = 0; i < bars.Count; i++)
            metrics.Add(bars.Values.AsSpan(i * size, size), reconstruction.AsSpan(i * size, size), bars.Steps);
        return metrics;
    }

    private static double MeanSquaredError(float[] input, float[] reconstruction)
    {
        double sum = 0;
        for (int i = 0; i < input.Length; i++)
            sum += (double)(reconstruction[i] - input[i]) * (reconstruction[i] - input[i]);
        return sum / input.Length;
    }
}
