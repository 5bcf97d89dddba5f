using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// Probes whose rows are segments of pieces (<see cref="PieceFeatures.Rows"/>): learnt from segments, scored per
/// piece; and with one row per piece, exactly the row-by-row protocol.
/// </summary>
public class SegmentProbeTests
{
    private static readonly FeatureSet Max = FeatureSet.Code("max");
    private static readonly double[] Grid = [1e-3, 1e-1, 10];

    // the synthetic pieces of ProbeStudyTests, every `per` consecutive ones of a label made the segments of one piece
    private static List<PieceFeatures> Segmented(int perClass, int per, int seed)
        => [.. ProbeStudyTests.Pieces(perClass * per, seed).Chunk(per).Select((rows, i) =>
        {
            var piece = new LabeledPiece($"piece{i}.mid", rows[0].Piece.Label, "x");
            return rows[0] with { Piece = piece, Cuts = [[.. rows.Select(row => row with { Piece = piece })]] };
        })];

    [Test]
    public void WithOneRowAPieceScoresExactlyAsTheRowByRowProtocol()
    {
        var (train, tuning, heldOut) = (ProbeStudyTests.Pieces(20, 1), ProbeStudyTests.Pieces(8, 2),
            ProbeStudyTests.Pieces(10, 3));
        var sets = new[] { FeatureSet.Code("mean"), Max };

        var study = ProbeStudy.Run(train, tuning, heldOut, sets, Grid);

        foreach (var row in study.Rows)
        {
            var scaler = FeatureStandardizer.Fit([.. train.Select(row.Features.Of)]);
            var probe = LogisticRegression.Train([.. train.Select(p => scaler.Transform(row.Features.Of(p)))],
                [.. train.Select(p => p.Piece.Label)], row.L2);
            var tuned = tuning.Select(p => (Label: p.Piece.Label, X: scaler.Transform(row.Features.Of(p)))).ToList();
            Assert.That(row.Tuning!.Correct, Is.EqualTo(tuned.Count(t => probe.Predict(t.X) == t.Label)));
            Assert.That(row.TuningLikelihood, Is.EqualTo(tuned.Select(t => Math.Log(Math.Max(
                probe.Probabilities(t.X)[probe.Labels.ToList().IndexOf(t.Label)], double.Epsilon))).Average()),
                "bit for bit");
            var held = heldOut.Select(p => scaler.Transform(row.Features.Of(p))).ToList();
            Assert.That(row.Predicted, Is.EqualTo(held.Select(probe.Predict)));
            Assert.That(row.Probability, Is.EqualTo(held.Select(h => probe.Probabilities(h).Max())));
        }
        Assert.That(study.RowsPerPiece, Is.EqualTo(1));
    }

    [Test]
    public void SegmentsAreLearntFromButPiecesAreScored()
    {
        var study = ProbeStudy.Run(Segmented(10, 3, 1), Segmented(4, 3, 2), Segmented(6, 3, 3), [Max], Grid);

        var row = study.Rows.Single();
        Assert.That((study.TrainCount, study.TuningCount, study.HeldOutCount), Is.EqualTo((30, 12, 18)));
        Assert.That(study.RowsPerPiece, Is.EqualTo(3));
        Assert.That(row.Tuning!.Total, Is.EqualTo(12), "one vote per tuning piece");
        Assert.That((row.Accuracy.Total, row.Predicted.Count, row.CorrectByPiece.Count), Is.EqualTo((18, 18, 18)));
        Assert.That(row.Accuracy.Accuracy, Is.GreaterThanOrEqualTo(0.9), "the max separates the classes");
        Assert.That(row.Probability, Is.All.InRange(1 / 3.0, 1.0));
    }

    [Test]
    public void CrossValidationKeepsEachPiecesSegmentsInItsFold()
    {
        var pieces = Segmented(8, 3, 4);
        var rows = PieceRows.Of(pieces);
        var foldOfPiece = StratifiedFolds.Assign([.. pieces.Select(p => p.Piece.Label)], 4);

        var foldOf = rows.Spread(foldOfPiece);
        var probe = TunedProbe.CrossValidate(rows.Features(Max), rows.Labels, foldOf, Grid, rows.PieceOf);

        Assert.That(rows.PieceOf.Select((p, i) => foldOf[i] == foldOfPiece[p]), Is.All.True);
        Assert.That(rows.Rows.Select((row, i) => row.Piece == pieces[rows.PieceOf[i]].Piece), Is.All.True);
        Assert.That(probe.Tuning!.Total, Is.EqualTo(24), "every pooled piece scored once, out of its fold");
    }

    [Test]
    public void APieceSplitBetweenFoldsIsRefused()
    {
        var rows = PieceRows.Of(Segmented(4, 2, 5));
        var foldOf = rows.Rows.Select((_, i) => i % 2).ToList();

        Assert.That(() => TunedProbe.CrossValidate(rows.Features(Max), rows.Labels, foldOf, Grid, rows.PieceOf),
            Throws.ArgumentException.With.Message.EqualTo("piece 0 has rows in folds 0 and 1"));
    }

    [Test]
    public void StudiesWithFoldsDealWholePieces()
    {
        var study = ProbeStudy.Run(Segmented(8, 3, 6), Segmented(4, 3, 7), Segmented(4, 3, 8), [Max], Grid, folds: 3);

        Assert.That(study.TrainCount, Is.EqualTo(36));
        Assert.That(study.Rows.Single().Tuning!.Total, Is.EqualTo(36), "scored per pooled piece, not per segment");
    }
}
