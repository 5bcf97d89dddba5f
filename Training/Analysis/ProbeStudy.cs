namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The linear probes of a study, one per feature set: each a <see cref="TunedProbe"/> fit on the training pieces, its
/// λ chosen on the tuning pieces, scored on the held-out pieces, beside the majority-class chance. Sets are scored on
/// the same pieces, so their rows compare directly, piece by piece (<see cref="Row.CorrectByPiece"/>).
/// </summary>
public sealed record ProbeStudy(IReadOnlyList<ProbeStudy.Row> Rows, AccuracyInterval Chance,
    int TrainCount, int TuningCount, int HeldOutCount, int ClassCount)
{
    /// <summary>
    /// One feature set's probe: its features per piece, the chosen λ (and its tuning accuracy and mean
    /// log-likelihood), the held-out accuracy, and whether it labelled each held-out piece right, in the pieces' order.
    /// </summary>
    public sealed record Row(FeatureSet Features, int Dimensions, double L2, AccuracyInterval? Tuning,
        double? TuningLikelihood, AccuracyInterval Accuracy, IReadOnlyList<bool> CorrectByPiece);

    /// <summary>Fits, tunes and scores a probe per feature set over the grid <paramref name="l2Grid"/> of λ.</summary>
    public static ProbeStudy Run(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> tuning,
        IReadOnlyList<PieceFeatures> heldOut, IReadOnlyList<FeatureSet> sets, IReadOnlyList<double> l2Grid)
    {
        if (train.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException(
                $"the probe needs training and held-out pieces, got {train.Count} and {heldOut.Count}");
        var trainLabels = train.Select(p => p.Piece.Label).ToList();
        var tuningLabels = tuning.Select(p => p.Piece.Label).ToList();
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        var rows = sets.Select(set =>
        {
            var probe = TunedProbe.Fit([.. train.Select(set.Of)], trainLabels,
                [.. tuning.Select(set.Of)], tuningLabels, l2Grid);
            var predicted = heldOut.Select(p => probe.Predict(set.Of(p))).ToList();
            return new Row(set, set.Of(train[0]).Length, probe.L2, probe.Tuning, probe.TuningLikelihood,
                AccuracyInterval.Score(predicted, actual), [.. predicted.Select((label, i) => label == actual[i])]);
        }).ToList();
        return new ProbeStudy(rows, AccuracyInterval.MajorityClass(trainLabels, actual),
            train.Count, tuning.Count, heldOut.Count, trainLabels.Distinct().Count());
    }

    /// <summary>
    /// The code feature set chosen on the tuning pieces, as a user without the held-out labels would choose: of the
    /// rows whose features come from the code, the one with the most tuning pieces right; on a tie, the higher mean
    /// log-likelihood of the tuning labels (the more confident probe), then the earlier row. Null when nothing was
    /// tuned (a grid of one λ) or no row is from the code.
    /// </summary>
    public Row? SelectedCodeRow()
        => Rows.Where(row => row.Features.FromCode && row.Tuning is not null)
            .OrderByDescending(row => row.Tuning!.Correct).ThenByDescending(row => row.TuningLikelihood)
            .FirstOrDefault();

    /// <summary>
    /// <paramref name="row"/>'s held-out accuracy against each model-free baseline row's, paired over the held-out
    /// pieces (<see cref="AccuracyDifference"/>; positive: the row is the more accurate), in table order.
    /// </summary>
    public IReadOnlyList<(Row Baseline, AccuracyDifference Difference)> AgainstBaselines(Row row,
        int resamples = AccuracyDifference.DefaultResamples)
        => [.. Rows.Where(other => !other.Features.FromCode).Select(baseline => (baseline,
            AccuracyDifference.Paired(row.CorrectByPiece, baseline.CorrectByPiece, resamples: resamples)))];
}
