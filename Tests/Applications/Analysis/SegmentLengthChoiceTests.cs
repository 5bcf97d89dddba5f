using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// Probes choosing their segment length with their λ (<see cref="PieceFeatures.Cuts"/>): each set keeps the length
/// its tuning favours, a chosen row is the row a study of that length alone gives, and one length is today's study.
/// </summary>
public class SegmentLengthChoiceTests
{
    private static readonly FeatureSet Max = FeatureSet.Code("max"), Mean = FeatureSet.Code("mean");
    private static readonly double[] Grid = [1e-3, 1e-1, 10];

    // segmented pieces cut at two lengths: in the first the max separates the labels, in the second the mean does
    // (each segment's mean and max swapped), so the two sets should choose different lengths
    private static List<PieceFeatures> TwoLengths(int perClass, int seed)
    {
        var pieces = ProbeStudyTests.Pieces(perClass * 2, seed).Chunk(2).Select((rows, i) =>
        {
            var piece = new LabeledPiece($"piece{i}.mid", rows[0].Piece.Label, "x");
            IReadOnlyList<PieceFeatures> first = [.. rows.Select(row => row with { Piece = piece })];
            IReadOnlyList<PieceFeatures> second = [.. first.Select(row => row with
            {
                Code = row.Code with { Mean = row.Code.Max, Max = row.Code.Mean },
            })];
            return rows[0] with { Piece = piece, Cuts = [first, second] };
        });
        return [.. pieces];
    }

    // the same pieces cut at one of their lengths only
    private static List<PieceFeatures> Only(IEnumerable<PieceFeatures> pieces, int cut)
        => [.. pieces.Select(piece => piece with { Cuts = [piece.Cuts![cut]] })];

    [TestCase(0)]
    [TestCase(5)]
    public void EachSetChoosesTheLengthWhereItSeparatesTheLabels(int folds)
    {
        var (train, tuning, heldOut) = (TwoLengths(10, 1), TwoLengths(5, 2), TwoLengths(6, 3));

        var study = ProbeStudy.Run(train, tuning, heldOut, [Max, Mean], Grid, folds);

        Assert.That(study.Rows.Select(row => row.Cut), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(study.Rows.Select(row => row.Accuracy.Accuracy), Is.All.GreaterThanOrEqualTo(0.9));
        Assert.That(study.RowsPerCut, Is.EqualTo(new[] { 2.0, 2.0 }));
        Assert.That(study.RowsPerPiece, Is.EqualTo(2.0), "the first length's");
    }

    [Test]
    public void AChosenRowIsTheRowOfItsLengthAlone()
    {
        var (train, tuning, heldOut) = (TwoLengths(10, 1), TwoLengths(5, 2), TwoLengths(6, 3));
        var study = ProbeStudy.Run(train, tuning, heldOut, [Max, Mean], Grid);

        foreach (var row in study.Rows)
        {
            var alone = ProbeStudy.Run(Only(train, row.Cut), Only(tuning, row.Cut), Only(heldOut, row.Cut),
                [row.Features], Grid).Rows.Single();
            Assert.That((alone.L2, alone.Tuning, alone.TuningLikelihood, alone.Cut),
                Is.EqualTo((row.L2, row.Tuning, row.TuningLikelihood, 0)));
            Assert.That((alone.Predicted, alone.Probability), Is.EqualTo((row.Predicted, row.Probability)));
        }
    }

    [Test]
    public void SeveralLengthsWithNothingToTuneOnAreRefused()
        => Assert.That(() => ProbeStudy.Run(TwoLengths(5, 1), TwoLengths(3, 2), TwoLengths(3, 3), [Max], [1.0]),
            Throws.ArgumentException.With.Message
                .EqualTo("choosing among 2 segment lengths needs tuning: give several λ or folds"));
}
