namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// How pieces group by label in code space: every piece's mean code projected to 2-D by PCA, the label × label
/// distances between centroids (over all pieces studied), and nearest-centroid accuracy with centroids from the
/// training pieces scored on the held-out ones, beside the same classifier on the baseline features and chance.
/// </summary>
public sealed record StylesStudy(
    IReadOnlyList<PieceFeatures> Pieces, double[][] Points, PrincipalComponents Pca, LabelCentroids Centroids,
    AccuracyInterval CodeAccuracy, AccuracyInterval BaselineAccuracy, AccuracyInterval Chance)
{
    /// <summary>Runs the study on the training and held-out pieces' features.</summary>
    public static StylesStudy Run(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut)
    {
        if (train.Count == 0 || heldOut.Count == 0) throw new ArgumentException($"the study needs training and held-out pieces, got {train.Count} and {heldOut.Count}");
        var all = train.Concat(heldOut).ToList();
        var pca = PrincipalComponents.Fit([.. all.Select(p => p.MeanCode)]);
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        return new StylesStudy(all, [.. all.Select(p => pca.Project(p.MeanCode))], pca,
            LabelCentroids.Fit([.. all.Select(p => p.MeanCode)], [.. all.Select(p => p.Piece.Label)]),
            Score(train, heldOut, p => p.MeanCode), Score(train, heldOut, p => p.Baseline),
            AccuracyInterval.MajorityClass([.. train.Select(p => p.Piece.Label)], actual));
    }

    private static AccuracyInterval Score(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut, Func<PieceFeatures, double[]> features)
    {
        var classifier = NearestCentroidClassifier.Fit([.. train.Select(features)], [.. train.Select(p => p.Piece.Label)]);
        return AccuracyInterval.Score([.. heldOut.Select(p => classifier.Predict(features(p)))], [.. heldOut.Select(p => p.Piece.Label)]);
    }
}
