namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A linear probe (<see cref="LogisticRegression"/> on features standardized with the training rows' statistics) whose
/// L2 penalty λ is chosen on a tuning set that is neither the training nor the scored set: every λ of the grid is fit
/// on the training rows, and the one with the best tuning accuracy is kept (on a tie, the higher mean log-likelihood
/// of the tuning labels, then the larger λ). A grid of one λ needs no tuning set.
/// </summary>
public sealed class TunedProbe
{
    private readonly FeatureStandardizer _scaler;
    private readonly LogisticRegression _probe;

    private TunedProbe(FeatureStandardizer scaler, LogisticRegression probe, double l2, AccuracyInterval? tuning,
        double? tuningLikelihood)
    {
        (_scaler, _probe, L2, Tuning, TuningLikelihood) = (scaler, probe, l2, tuning, tuningLikelihood);
    }

    /// <summary>The chosen λ.</summary>
    public double L2 { get; }

    /// <summary>
    /// The chosen probe's accuracy on the tuning rows; null when the grid held one λ (nothing tuned).
    /// </summary>
    public AccuracyInterval? Tuning { get; }

    /// <summary>
    /// The chosen probe's mean log-likelihood of the tuning labels (over those seen in training); null when the grid
    /// held one λ.
    /// </summary>
    public double? TuningLikelihood { get; }

    /// <summary>
    /// Fits a probe per λ of <paramref name="l2Grid"/> on the training rows [n][D] and keeps the best on the tuning
    /// rows.
    /// </summary>
    public static TunedProbe Fit(IReadOnlyList<double[]> train, IReadOnlyList<string> trainLabels,
        IReadOnlyList<double[]> tuning, IReadOnlyList<string> tuningLabels, IReadOnlyList<double> l2Grid)
    {
        if (l2Grid.Count == 0 || l2Grid.Any(l2 => !(l2 >= 0)))
            throw new ArgumentException($"λ must be zero or positive, got [{string.Join(", ", l2Grid)}]");
        if (l2Grid.Count > 1 && tuning.Count == 0)
            throw new ArgumentException($"choosing among {l2Grid.Count} values of λ needs tuning pieces, got none");
        var scaler = FeatureStandardizer.Fit(train);
        var scaledTrain = train.Select(scaler.Transform).ToList();
        if (l2Grid.Count == 1)
            return new TunedProbe(scaler, LogisticRegression.Train(scaledTrain, trainLabels, l2Grid[0]), l2Grid[0],
                null, null);
        var scaledTuning = tuning.Select(scaler.Transform).ToList();
        var candidates = l2Grid.Select(l2 =>
        {
            var probe = LogisticRegression.Train(scaledTrain, trainLabels, l2);
            var accuracy = AccuracyInterval.Score([.. scaledTuning.Select(probe.Predict)], tuningLabels);
            double likelihood = MeanLogLikelihood(probe, scaledTuning, tuningLabels);
            return (Probe: probe, L2: l2, Accuracy: accuracy, Likelihood: likelihood);
        }).ToList();
        var best = candidates.OrderByDescending(c => c.Accuracy.Correct).ThenByDescending(c => c.Likelihood)
            .ThenByDescending(c => c.L2).First();
        return new TunedProbe(scaler, best.Probe, best.L2, best.Accuracy, best.Likelihood);
    }

    /// <summary>The predicted label of a raw (unstandardized) row [D].</summary>
    public string Predict(double[] row) => _probe.Predict(_scaler.Transform(row));

    // mean log p(label | row) over the rows whose label the probe knows (a label unseen in training has no probability)
    private static double MeanLogLikelihood(LogisticRegression probe, IReadOnlyList<double[]> rows,
        IReadOnlyList<string> labels)
    {
        var known = Enumerable.Range(0, rows.Count).Select(i => (Row: rows[i], Class: IndexOf(probe.Labels, labels[i])))
            .Where(r => r.Class >= 0).ToList();
        return known.Count == 0 ? 0
            : known.Average(r => Math.Log(Math.Max(probe.Probabilities(r.Row)[r.Class], double.Epsilon)));
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int k = 0; k < labels.Count; k++) if (labels[k] == label) return k;
        return -1;
    }
}
