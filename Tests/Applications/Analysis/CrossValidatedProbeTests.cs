using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// λ and the code set chosen by stratified K-fold cross-validation, on the synthetic pieces of
/// <see cref="ProbeStudyTests"/>, whose classes only the max of the code separates.
/// </summary>
public class CrossValidatedProbeTests
{
    private static readonly FeatureSet Max = FeatureSet.Code("max");

    [Test]
    public void CrossValidationChoosesTheλThatSeparatesTheClasses()
    {
        var pieces = ProbeStudyTests.Pieces(12, seed: 1);
        var labels = pieces.Select(p => p.Piece.Label).ToList();

        var probe = TunedProbe.CrossValidate([.. pieces.Select(Max.Of)], labels, StratifiedFolds.Assign(labels, 4),
            [1e4, 1e-2]);

        Assert.That(probe.L2, Is.EqualTo(1e-2), "λ = 10^4 leaves nearly no weights: chance out of fold");
        Assert.That(probe.Tuning!.Total, Is.EqualTo(36), "every pooled piece scored once, out of its fold");
        Assert.That(probe.Tuning.Accuracy, Is.GreaterThanOrEqualTo(0.9));
        Assert.That(probe.TuningLikelihood, Is.LessThan(0));
    }

    [Test]
    public void TheChosenλIsRefitOnEveryPooledPiece()
    {
        var pieces = ProbeStudyTests.Pieces(8, seed: 4);
        var rows = pieces.Select(Max.Of).ToList();
        var labels = pieces.Select(p => p.Piece.Label).ToList();

        var probe = TunedProbe.CrossValidate(rows, labels, StratifiedFolds.Assign(labels, 3), [1e-3, 1e-1, 10]);
        var scaler = FeatureStandardizer.Fit(rows);
        var direct = LogisticRegression.Train([.. rows.Select(scaler.Transform)], labels, probe.L2);

        foreach (var piece in ProbeStudyTests.Pieces(5, seed: 9))
            Assert.That(probe.Probabilities(Max.Of(piece)),
                Is.EqualTo(direct.Probabilities(scaler.Transform(Max.Of(piece)))),
                "the probe one trains on all pooled pieces, standardized on them, with the chosen λ");
    }

    [Test]
    public void AStudyWithFoldsPoolsTrainingAndTuningPieces()
    {
        FeatureSet[] sets = [Max, FeatureSet.Code("mean")];

        var study = ProbeStudy.Run(ProbeStudyTests.Pieces(10, seed: 1), ProbeStudyTests.Pieces(4, seed: 2),
            ProbeStudyTests.Pieces(6, seed: 3), sets, [1e-2, 1], folds: 3, seed: 7);

        Assert.That((study.TrainCount, study.TuningCount, study.HeldOutCount), Is.EqualTo((42, 12, 18)));
        Assert.That((study.Folds, study.Seed, study.Selection), Is.EqualTo((3, 7, "3-fold")));
        Assert.That(study.Rows.Select(r => r.Tuning!.Total), Is.All.EqualTo(42), "out-of-fold over all pooled");
        Assert.That(study.SelectedCodeRow()!.Features.Name, Is.EqualTo("max"));
        Assert.That(study.Rows[0].Accuracy.Accuracy, Is.GreaterThanOrEqualTo(0.9));
    }

    [Test]
    public void AGroupedStudyDealsWholeGroupsAndSaysHowMany()
    {
        static List<PieceFeatures> InPairs(List<PieceFeatures> pieces, string prefix)
            => [.. pieces.Select((p, i) => p with { Piece = p.Piece with { Group = $"{prefix}{i / 2}" } })];
        var train = InPairs(ProbeStudyTests.Pieces(10, seed: 1), "t");
        var tuning = InPairs(ProbeStudyTests.Pieces(4, seed: 2), "v");

        var study = ProbeStudy.Run(train, tuning, ProbeStudyTests.Pieces(6, seed: 3), [Max], [1e-2, 1], folds: 3,
            seed: 7, grouping: PieceGrouping.Session);

        Assert.That((study.Grouping, study.Groups), Is.EqualTo((PieceGrouping.Session, 15 + 6)));
        Assert.That(study.Rows[0].Tuning!.Total, Is.EqualTo(42), "every pooled piece scored out of its fold");
        Assert.That(study.Rows[0].Accuracy.Accuracy, Is.GreaterThanOrEqualTo(0.9));
        Assert.That(() => ProbeStudy.Run(train, tuning, train, [Max], [1e-2], grouping: PieceGrouping.Session),
            Throws.ArgumentException.With.Message.EqualTo("grouping by session needs cross-validation folds"));
    }

    [Test]
    public void WithoutFoldsTheValidationSplitChooses()
    {
        var study = ProbeStudy.Run(ProbeStudyTests.Pieces(10, seed: 1), ProbeStudyTests.Pieces(4, seed: 2),
            ProbeStudyTests.Pieces(6, seed: 3), [Max], [1e-2, 1]);

        Assert.That((study.TrainCount, study.Folds, study.Selection), Is.EqualTo((30, 0, "validation")));
        Assert.That(study.Rows[0].Tuning!.Total, Is.EqualTo(12));
    }
}
