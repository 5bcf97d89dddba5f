namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A linear probe (<see cref="LogisticRegression"/> on features standardized with its training rows' statistics)
/// whose L2 penalty λ is chosen on rows that no fit learned from. Two protocols share one choice: a tuning split is a
/// single held-out fold, whose fit on the training rows is the probe (<see cref="Fit"/>); stratified K-fold
/// cross-validation (<see cref="CrossValidate"/>) holds out each fold in turn, fitting on the others, and refits the
/// probe on all rows with the chosen λ. Each λ of the grid is scored by its held-out predictions over all folds: the
/// most right is kept (on a tie, the higher mean log-likelihood of the held-out labels, then the larger λ). Rows may
/// be segments of pieces: then each held-out piece is predicted from all its rows (<see cref="PieceVote"/>), a λ is
/// scored by pieces right, its log-likelihood is the mean over pieces of their rows' mean, and no piece may have rows
/// in two folds. With one row per piece this is the row-by-row protocol exactly.
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
    /// The chosen λ's accuracy on the held-out rows (the tuning rows, or every row out of its fold); null when a
    /// tuning split was given a grid of one λ (nothing tuned).
    /// </summary>
    public AccuracyInterval? Tuning { get; }

    /// <summary>
    /// The chosen λ's mean log-likelihood of the held-out labels (over those its fit saw in training); null with
    /// <see cref="Tuning"/>.
    /// </summary>
    public double? TuningLikelihood { get; }

    /// <summary>
    /// Fits a probe per λ of <paramref name="l2Grid"/> on the training rows [n][D] and keeps the best on the tuning
    /// pieces, whose rows [m][D] belong to the pieces <paramref name="tuningPieceOf"/> [m] (null: a piece a row).
    /// </summary>
    public static TunedProbe Fit(IReadOnlyList<double[]> train, IReadOnlyList<string> trainLabels,
        IReadOnlyList<double[]> tuning, IReadOnlyList<string> tuningLabels, IReadOnlyList<double> l2Grid,
        IReadOnlyList<int>? tuningPieceOf = null)
    {
        CheckGrid(l2Grid);
        if (l2Grid.Count > 1 && tuning.Count == 0)
            throw new ArgumentException($"choosing among {l2Grid.Count} values of λ needs tuning pieces, got none");
        var fold = Fold.Of(train, trainLabels, tuning, tuningLabels, tuningPieceOf);
        if (l2Grid.Count == 1) return new TunedProbe(fold.Scaler, fold.Train(l2Grid[0]), l2Grid[0], null, null);
        var best = Choose([fold], l2Grid);
        return new TunedProbe(fold.Scaler, best.Fits[0], best.L2, best.Accuracy, best.Likelihood);
    }

    /// <summary>
    /// Chooses λ of <paramref name="l2Grid"/> by cross-validation over the rows [n][D] dealt into folds
    /// (<paramref name="foldOf"/> [n], from 0; <see cref="StratifiedFolds"/>), each fit standardized on its own
    /// training folds, then refits the probe on all rows with that λ. Costs K fits per λ and one more. The rows
    /// belong to the pieces <paramref name="pieceOf"/> [n] (null: a piece a row), each piece's rows all in one fold.
    /// </summary>
    public static TunedProbe CrossValidate(IReadOnlyList<double[]> rows, IReadOnlyList<string> labels,
        IReadOnlyList<int> foldOf, IReadOnlyList<double> l2Grid, IReadOnlyList<int>? pieceOf = null)
    {
        CheckGrid(l2Grid);
        if (rows.Count != labels.Count || rows.Count != foldOf.Count || (pieceOf ?? foldOf).Count != rows.Count)
            throw new ArgumentException($"{rows.Count} rows, {labels.Count} labels, {foldOf.Count} folds and "
                + $"{(pieceOf ?? foldOf).Count} pieces differ");
        if (pieceOf is not null) CheckWholePieces(foldOf, pieceOf);
        var folds = foldOf.Distinct().Order().Select(held =>
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => foldOf[i] != held).ToList();
            var tuning = Enumerable.Range(0, rows.Count).Where(i => foldOf[i] == held).ToList();
            return Fold.Of([.. train.Select(i => rows[i])], [.. train.Select(i => labels[i])],
                [.. tuning.Select(i => rows[i])], [.. tuning.Select(i => labels[i])],
                pieceOf is null ? null : [.. tuning.Select(i => pieceOf[i])]);
        }).ToList();
        if (folds.Count < 2) throw new ArgumentException($"cross-validation needs 2 or more folds, got {folds.Count}");
        var best = Choose(folds, l2Grid);
        var all = Fold.Of(rows, labels, [], [], null);
        return new TunedProbe(all.Scaler, all.Train(best.L2), best.L2, best.Accuracy, best.Likelihood);
    }

    /// <summary>The predicted label of a raw (unstandardized) row [D].</summary>
    public string Predict(double[] row) => _probe.Predict(_scaler.Transform(row));

    /// <summary>The class probabilities [K] of a raw row [D], in ordinal label order.</summary>
    public double[] Probabilities(double[] row) => _probe.Probabilities(_scaler.Transform(row));

    /// <summary>The predicted label of a piece from its raw rows [S][D] (<see cref="PieceVote"/>).</summary>
    public string PredictPiece(IReadOnlyList<double[]> rows)
        => _probe.Labels[PieceVote.Winner([.. rows.Select(Probabilities)])];

    /// <summary>A piece's class probabilities [K] from its raw rows [S][D] (<see cref="PieceVote"/>).</summary>
    public double[] PieceProbabilities(IReadOnlyList<double[]> rows)
        => PieceVote.Posterior([.. rows.Select(Probabilities)]);

    // every piece's rows in one fold
    private static void CheckWholePieces(IReadOnlyList<int> foldOf, IReadOnlyList<int> pieceOf)
    {
        var foldOfPiece = new Dictionary<int, int>();
        for (int i = 0; i < pieceOf.Count; i++)
            if (foldOfPiece.TryGetValue(pieceOf[i], out int fold) && fold != foldOf[i])
                throw new ArgumentException($"piece {pieceOf[i]} has rows in folds {fold} and {foldOf[i]}");
            else foldOfPiece[pieceOf[i]] = foldOf[i];
    }

    private static void CheckGrid(IReadOnlyList<double> l2Grid)
    {
        if (l2Grid.Count == 0 || l2Grid.Any(l2 => !(l2 >= 0)))
            throw new ArgumentException($"λ must be zero or positive, got [{string.Join(", ", l2Grid)}]");
    }

    // every (λ, fold) fit, both cores at once, each fit deterministic; a λ's score pools its folds' held-out pieces
    private static Candidate Choose(IReadOnlyList<Fold> folds, IReadOnlyList<double> l2Grid)
    {
        var fits = Enumerable.Range(0, l2Grid.Count * folds.Count).AsParallel().AsOrdered()
            .Select(job => folds[job % folds.Count].Train(l2Grid[job / folds.Count])).ToArray();
        var candidates = l2Grid.Select((l2, g) =>
        {
            var own = fits.Skip(g * folds.Count).Take(folds.Count).ToArray();
            var predicted = folds.SelectMany((fold, f) => fold.Pieces.Select(rows =>
                own[f].Labels[PieceVote.Winner([.. rows.Select(i => own[f].Probabilities(fold.Tuning[i]))])]))
                .ToList();
            var actual = folds.SelectMany(fold => fold.Pieces.Select(rows => fold.TuningLabels[rows[0]])).ToList();
            var logLikelihoods = folds.SelectMany((fold, f) => LogLikelihoods(own[f], fold)).ToList();
            return new Candidate(own, l2, AccuracyInterval.Score(predicted, actual),
                logLikelihoods.Count == 0 ? 0 : logLikelihoods.Average());
        });
        return candidates.OrderByDescending(c => c.Accuracy.Correct).ThenByDescending(c => c.Likelihood)
            .ThenByDescending(c => c.L2).First();
    }

    // the mean over its rows of log p(label | row), of each tuning piece whose label the probe knows (a label unseen in
    // training has no probability)
    private static IEnumerable<double> LogLikelihoods(LogisticRegression probe, Fold fold)
        => fold.Pieces.Select(rows => (Rows: rows, Class: IndexOf(probe.Labels, fold.TuningLabels[rows[0]])))
            .Where(piece => piece.Class >= 0)
            .Select(piece => piece.Rows.Select(i =>
                Math.Log(Math.Max(probe.Probabilities(fold.Tuning[i])[piece.Class], double.Epsilon))).Sum()
                / piece.Rows.Count);

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int k = 0; k < labels.Count; k++) if (labels[k] == label) return k;
        return -1;
    }

    // one λ's fits (one per fold, in fold order) and their pooled held-out accuracy and mean log-likelihood
    private sealed record Candidate(LogisticRegression[] Fits, double L2, AccuracyInterval Accuracy,
        double Likelihood);

    // training rows [n][D] and held-out rows [m][D], both standardized with the training rows' statistics, and the
    // held-out pieces, each its rows' indices in the held-out rows, in order of their first row
    private sealed record Fold(FeatureStandardizer Scaler, IReadOnlyList<double[]> TrainRows,
        IReadOnlyList<string> TrainLabels, IReadOnlyList<double[]> Tuning, IReadOnlyList<string> TuningLabels,
        IReadOnlyList<IReadOnlyList<int>> Pieces)
    {
        public static Fold Of(IReadOnlyList<double[]> train, IReadOnlyList<string> trainLabels,
            IReadOnlyList<double[]> tuning, IReadOnlyList<string> tuningLabels, IReadOnlyList<int>? tuningPieceOf)
        {
            if (tuningPieceOf is not null && tuningPieceOf.Count != tuning.Count)
                throw new ArgumentException($"{tuning.Count} tuning rows but {tuningPieceOf.Count} pieces of rows");
            var scaler = FeatureStandardizer.Fit(train);
            var pieces = Enumerable.Range(0, tuning.Count).GroupBy(i => tuningPieceOf?[i] ?? i)
                .Select(piece => (IReadOnlyList<int>)[.. piece]).ToList();
            return new Fold(scaler, [.. train.Select(scaler.Transform)], trainLabels,
                [.. tuning.Select(scaler.Transform)], tuningLabels, pieces);
        }

        public LogisticRegression Train(double l2) => LogisticRegression.Train(TrainRows, TrainLabels, l2);
    }
}
