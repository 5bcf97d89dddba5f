namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The linear probes of a study, one per feature set: each a <see cref="TunedProbe"/> fit on the training pieces, its
/// λ chosen on the tuning pieces, scored on the held-out pieces, beside the majority-class chance. Sets are scored on
/// the same pieces, so their rows compare directly.
/// </summary>
public sealed record ProbeStudy(IReadOnlyList<ProbeStudy.Row> Rows, AccuracyInterval Chance,
    int TrainCount, int TuningCount, int HeldOutCount, int ClassCount)
{
    /// <summary>
    /// One feature set's probe: its features per piece, the chosen λ (and its tuning accuracy), the held-out accuracy.
    /// </summary>
    public sealed record Row(FeatureSet Features, int Dimensions, double L2, AccuracyInterval? Tuning,
        AccuracyInterval Accuracy);

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
            var accuracy = AccuracyInterval.Score([.. heldOut.Select(p => probe.Predict(set.Of(p)))], actual);
            return new Row(set, set.Of(train[0]).Length, probe.L2, probe.Tuning, accuracy);
        }).ToList();
        return new ProbeStudy(rows, AccuracyInterval.MajorityClass(trainLabels, actual),
            train.Count, tuning.Count, heldOut.Count, trainLabels.Distinct().Count());
    }
}
