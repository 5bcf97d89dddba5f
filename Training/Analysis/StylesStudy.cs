namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// How pieces group by label in a feature space (a code feature set, the mean code by default): every piece's row
/// projected to 2-D by PCA, the label × label distances between centroids (over all pieces studied), and
/// nearest-centroid accuracy with centroids from the training pieces scored on the held-out ones, beside the same
/// classifier on each baseline feature set and chance; every score again on the held-out pieces of groups (sessions,
/// compositions) among the training pieces and of new ones (<see cref="Parts"/>).
/// </summary>
public sealed record StylesStudy(
    FeatureSet Features, IReadOnlyList<PieceFeatures> Pieces, double[][] Points, PrincipalComponents Pca,
    LabelCentroids Centroids, StylesStudy.Score Code, IReadOnlyList<StylesStudy.Score> Baselines,
    AccuracyInterval Chance, HeldOutParts Parts)
{
    /// <summary>
    /// One feature set's nearest-centroid classifier on the held-out pieces: its accuracy, and whether it labelled
    /// each held-out piece right, in order.
    /// </summary>
    public sealed record Score(FeatureSet Features, AccuracyInterval Accuracy, IReadOnlyList<bool> CorrectByPiece)
    {
        /// <summary>The accuracy on a part of the held-out pieces (<see cref="Parts"/>); null for an empty part.
        /// </summary>
        public AccuracyInterval? On(IReadOnlyList<int> part) => HeldOutParts.Score(CorrectByPiece, part);
    }

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
            Scored(train, heldOut, features), [.. baselines.Select(b => Scored(train, heldOut, b))],
            AccuracyInterval.MajorityClass([.. train.Select(p => p.Piece.Label)], actual),
            HeldOutParts.Of(train.Select(p => p.Piece.Group), [.. heldOut.Select(p => p.Piece.Group)]));
    }

    private static Score Scored(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> heldOut,
        FeatureSet features)
    {
        var classifier = NearestCentroidClassifier.Fit([.. train.Select(features.Of)],
            [.. train.Select(p => p.Piece.Label)]);
        var predicted = heldOut.Select(p => classifier.Predict(features.Of(p))).ToList();
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        return new Score(features, AccuracyInterval.Score(predicted, actual),
            [.. predicted.Select((label, i) => label == actual[i])]);
    }
}
