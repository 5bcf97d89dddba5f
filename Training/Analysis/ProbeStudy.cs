namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The linear probe: multinomial logistic regression on standardized mean codes, trained on the training pieces
/// and scored on the held-out ones, beside the same probe on the baseline features and the majority-class chance.
/// </summary>
public sealed record ProbeStudy(AccuracyInterval CodeAccuracy, AccuracyInterval BaselineAccuracy, AccuracyInterval Chance,
    int TrainCount, int HeldOutCount, int ClassCount)
{
    /// <summary>Fits and scores both probes; <paramref name="l2"/> is λ of the weight penalty.</summary>
    public static ProbeStudy Run(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut, double l2 = 1e-2)
    {
        if (train.Count == 0 || heldOut.Count == 0) throw new ArgumentException($"the probe needs training and held-out pieces, got {train.Count} and {heldOut.Count}");
        var trainLabels = train.Select(p => p.Piece.Label).ToList();
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        return new ProbeStudy(Score(p => p.MeanCode), Score(p => p.Baseline), AccuracyInterval.MajorityClass(trainLabels, actual),
            train.Count, heldOut.Count, trainLabels.Distinct().Count());

        AccuracyInterval Score(Func<PieceFeatures, double[]> features)
        {
            var scaler = FeatureStandardizer.Fit([.. train.Select(features)]);
            var probe = LogisticRegression.Train([.. train.Select(p => scaler.Transform(features(p)))], trainLabels, l2);
            return AccuracyInterval.Score([.. heldOut.Select(p => probe.Predict(scaler.Transform(features(p))))], actual);
        }
    }
}
