namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// How pieces group by label in a feature space (a code feature set, the mean code by default): every piece's row
/// projected to 2-D by PCA, the label × label distances between centroids (over all pieces studied), and
/// nearest-centroid accuracy with centroids from the training pieces scored on the held-out ones, beside the same
/// classifier on each baseline feature set and chance.
/// </summary>
public sealed record StylesStudy(
    FeatureSet Features, IReadOnlyList<PieceFeatures> Pieces, double[][] Points, PrincipalComponents Pca,
    LabelCentroids Centroids, AccuracyInterval CodeAccuracy,
    IReadOnlyList<(FeatureSet Baseline, AccuracyInterval Accuracy)> BaselineAccuracies, AccuracyInterval Chance)
{
    /// <summary>
    /// Runs the study on the training and held-out pieces' <paramref name="features"/>, beside
    /// <paramref name="baselines"/>.
    /// </summary>
    public static StylesStudy Run(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut,
        FeatureSet features, IReadOnlyList<FeatureSet> baselines)
    {
        if (train.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException(
                $"the study needs training and held-out pieces, got {train.Count} and {heldOut.Count}");
        var all = train.Concat(heldOut).ToList();
        var rows = all.Select(features.Of).ToList();
        var pca = PrincipalComponents.Fit(rows);
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        return new StylesStudy(features, all, [.. rows.Select(pca.Project)], pca,
            LabelCentroids.Fit(rows, [.. all.Select(p => p.Piece.Label)]),
            Score(train, heldOut, features), [.. baselines.Select(b => (b, Score(train, heldOut, b)))],
            AccuracyInterval.MajorityClass([.. train.Select(p => p.Piece.Label)], actual));
    }

    private static AccuracyInterval Score(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut,
        FeatureSet features)
    {
        var classifier = NearestCentroidClassifier.Fit([.. train.Select(features.Of)],
            [.. train.Select(p => p.Piece.Label)]);
        var predicted = heldOut.Select(p => classifier.Predict(features.Of(p))).ToList();
        return AccuracyInterval.Score(predicted, [.. heldOut.Select(p => p.Piece.Label)]);
    }
}
