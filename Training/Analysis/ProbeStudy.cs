namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The linear probes of a study, one per feature set, each a <see cref="TunedProbe"/> scored on the held-out pieces
/// beside the majority-class chance. λ is chosen either on the tuning pieces, the probe fit on the training pieces
/// (<see cref="Folds"/> 0), or by stratified K-fold cross-validation over the training and tuning pieces pooled, the
/// probe refit on all of them (<see cref="Folds"/> K, folds dealt by <see cref="StratifiedFolds"/> with
/// <see cref="Seed"/>, or with a <see cref="Grouping"/> other than none by <see cref="StratifiedGroupFolds"/> over
/// <see cref="Groups"/> groups, none split between folds). Sets are scored on the same pieces, so their rows compare
/// directly, piece by piece (<see cref="Row.CorrectByPiece"/>), and each row again on the held-out pieces of groups
/// the final probes learned from and of new ones (<see cref="Parts"/>). A piece cut into segments
/// (<see cref="PieceFeatures.Rows"/>) gives the probe a row per segment, labelled as the piece: the probes learn from
/// the training pieces' segments and predict each tuning or held-out piece from its segments (<see cref="PieceVote"/>);
/// folds deal whole pieces, and every count and score stays per piece (<see cref="RowsPerPiece"/>: the mean rows).
/// Pieces cut at several candidate lengths (<see cref="PieceFeatures.Cuts"/>) let each set choose its length with
/// its λ: every length's probe is tuned as above on the same pieces and folds, and the set keeps the one with the
/// most tuning (or out-of-fold) pieces right, then the higher mean log-likelihood, then the larger λ, then the
/// earlier length (<see cref="Row.Cut"/>; <see cref="RowsPerCut"/>: each length's mean rows a piece).
/// </summary>
public sealed record ProbeStudy(IReadOnlyList<ProbeStudy.Row> Rows, AccuracyInterval Chance,
    int TrainCount, int TuningCount, int HeldOutCount, int ClassCount, HeldOutParts Parts, int Folds = 0, int Seed = 0,
    string Grouping = PieceGrouping.None, int Groups = 0, double RowsPerPiece = 1,
    IReadOnlyList<double>? RowsPerCut = null)
{
    /// <summary>
    /// One feature set's probe: its features per piece, the chosen λ (and that λ's tuning or out-of-fold accuracy and
    /// mean log-likelihood), the held-out accuracy, and for each held-out piece, in the pieces' order, the label it
    /// predicted, that label's probability under the probe, and whether it was right; and the candidate length it
    /// chose, an index into <see cref="PieceFeatures.Cuts"/> (0 for pieces cut once or not at all).
    /// </summary>
    public sealed record Row(FeatureSet Features, int Dimensions, double L2, AccuracyInterval? Tuning,
        double? TuningLikelihood, AccuracyInterval Accuracy, IReadOnlyList<bool> CorrectByPiece,
        IReadOnlyList<string> Predicted, IReadOnlyList<double> Probability, int Cut = 0);

    /// <summary>What chose λ and the code set: "validation", or "K-fold" for cross-validation.</summary>
    public string Selection => Folds > 0 ? $"{Folds}-fold" : PieceSelection.TuningSplit;

    /// <summary>
    /// Fits, tunes and scores a probe per feature set over the grid <paramref name="l2Grid"/> of λ: chosen on the
    /// tuning pieces when <paramref name="folds"/> is 0, else by <paramref name="folds"/>-fold cross-validation over
    /// the training and tuning pieces pooled (<see cref="TrainCount"/> is then the pooled count, which the final
    /// probes learn from), the folds dealt piece by piece or, with a <paramref name="grouping"/> other than none,
    /// group by group (<see cref="LabeledPiece.Group"/>); only the fold assignment differs.
    /// </summary>
    public static ProbeStudy Run(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> tuning,
        IReadOnlyList<PieceFeatures> heldOut, IReadOnlyList<FeatureSet> sets, IReadOnlyList<double> l2Grid,
        int folds = 0, int seed = StratifiedFolds.DefaultSeed, string grouping = PieceGrouping.None)
    {
        if (grouping != PieceGrouping.None && folds == 0)
            throw new ArgumentException($"grouping by {grouping} needs cross-validation folds");
        if (train.Count == 0 || heldOut.Count == 0)
            throw new ArgumentException(
                $"the probe needs training and held-out pieces, got {train.Count} and {heldOut.Count}");
        IReadOnlyList<PieceFeatures> learned = folds != 0 ? [.. train, .. tuning] : train;
        var learnedLabels = learned.Select(p => p.Piece.Label).ToList();
        var tuningLabels = tuning.Select(p => p.Piece.Label).ToList();
        var groups = learned.Select(p => p.Piece.Group).ToList();
        var foldOf = folds == 0 ? null
            : grouping == PieceGrouping.None ? StratifiedFolds.Assign(learnedLabels, folds, seed)
            : StratifiedGroupFolds.Assign(learnedLabels, groups, folds, seed);
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        int cuts = train[0].Cuts?.Count ?? 1;
        if (cuts > 1 && foldOf is null && l2Grid.Count == 1)
            throw new ArgumentException($"choosing among {cuts} segment lengths needs tuning: give several λ or folds");
        IReadOnlyList<PieceFeatures> At(IReadOnlyList<PieceFeatures> pieces, int cut)
            => [.. pieces.Select(piece => piece.AtCut(cut))];
        var rows = sets.Select(set => Enumerable.Range(0, cuts)
            .Select(cut => Probe(At(train, cut), At(tuning, cut), At(learned, cut), At(heldOut, cut), set, l2Grid,
                foldOf, cut))
            .OrderByDescending(row => row.Tuning?.Correct).ThenByDescending(row => row.TuningLikelihood)
            .ThenByDescending(row => row.L2).First()).ToList();
        var parts = HeldOutParts.Of(groups, [.. heldOut.Select(p => p.Piece.Group)]);
        var everyPiece = train.Concat(tuning).Concat(heldOut).ToList();
        var rowsPerCut = Enumerable.Range(0, cuts).Select(cut => everyPiece.Sum(piece => piece.AtCut(cut).Rows.Count)
            / (double)everyPiece.Count).ToList();
        return new ProbeStudy(rows, AccuracyInterval.MajorityClass(learnedLabels, actual), learned.Count,
            tuning.Count, heldOut.Count, learnedLabels.Distinct().Count(), parts, folds, foldOf is null ? 0 : seed,
            grouping, grouping == PieceGrouping.None ? 0 : groups.Distinct().Count(), rowsPerCut[0], rowsPerCut);
    }

    // one set's probe on the pieces cut at one length, tuned on the tuning pieces or by the folds, scored held out
    private static Row Probe(IReadOnlyList<PieceFeatures> train, IReadOnlyList<PieceFeatures> tuning,
        IReadOnlyList<PieceFeatures> learned, IReadOnlyList<PieceFeatures> heldOut, FeatureSet set,
        IReadOnlyList<double> l2Grid, IReadOnlyList<int>? foldOf, int cut)
    {
        var actual = heldOut.Select(p => p.Piece.Label).ToList();
        var (trainRows, tuningRows, learnedRows) = (PieceRows.Of(train), PieceRows.Of(tuning), PieceRows.Of(learned));
        var probe = foldOf is null
            ? TunedProbe.Fit(trainRows.Features(set), trainRows.Labels, tuningRows.Features(set),
                tuningRows.Labels, l2Grid, tuningRows.PieceOf)
            : TunedProbe.CrossValidate(learnedRows.Features(set), learnedRows.Labels, learnedRows.Spread(foldOf),
                l2Grid, learnedRows.PieceOf);
        var features = heldOut.Select(piece => (IReadOnlyList<double[]>)[.. piece.Rows.Select(set.Of)]).ToList();
        var predicted = features.Select(probe.PredictPiece).ToList();
        return new Row(set, set.Of(train[0]).Length, probe.L2, probe.Tuning, probe.TuningLikelihood,
            AccuracyInterval.Score(predicted, actual), [.. predicted.Select((label, i) => label == actual[i])],
            predicted, [.. features.Select(piece => probe.PieceProbabilities(piece).Max())], cut);
    }

    /// <summary>
    /// The code feature set chosen without the held-out labels, as a user would choose: of the rows whose features
    /// come from the code, the one with the most tuning (or out-of-fold) pieces right; on a tie, the higher mean
    /// log-likelihood of those labels (the more confident probe), then the earlier row. Null when nothing was tuned
    /// (a tuning split with a grid of one λ) or no row is from the code.
    /// </summary>
    public Row? SelectedCodeRow()
        => Rows.Where(row => row.Features.FromCode && row.Tuning is not null)
            .OrderByDescending(row => row.Tuning!.Correct).ThenByDescending(row => row.TuningLikelihood)
            .FirstOrDefault();

    /// <summary>
    /// <paramref name="row"/>'s held-out accuracy against each model-free baseline row's, paired over the held-out
    /// pieces, or over those at the positions <paramref name="part"/> (e.g. <see cref="HeldOutParts.New"/>) when given
    /// (<see cref="AccuracyDifference"/>; positive: the row is the more accurate), in table order.
    /// </summary>
    public IReadOnlyList<(Row Baseline, AccuracyDifference Difference)> AgainstBaselines(Row row,
        int resamples = AccuracyDifference.DefaultResamples, IReadOnlyList<int>? part = null)
    {
        IReadOnlyList<bool> On(Row of) => part is null ? of.CorrectByPiece : HeldOutParts.Pick(of.CorrectByPiece, part);
        return [.. Rows.Where(other => !other.Features.FromCode).Select(baseline => (baseline,
            AccuracyDifference.Paired(On(row), On(baseline), resamples: resamples)))];
    }
}
