using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The held-out pieces split by whether their group (session, composition) is among the pieces the probes learned
/// from (<see cref="HeldOutParts"/>), and a study's rows scored and compared on each part.
/// </summary>
public class HeldOutPartsTests
{
    private static readonly double[] Grid = [1e-2, 1];

    [Test]
    public void APieceIsSeenWhenItsGroupIsAmongTheLearnedOnesAndNewOtherwise()
    {
        var parts = HeldOutParts.Of(["s1", "s2", "s1", ""], ["s1", "s3", "s2", "", "s3"]);

        Assert.That(parts.Seen, Is.EqualTo(new[] { 0, 2 }));
        Assert.That(parts.New, Is.EqualTo(new[] { 1, 3, 4 }), "a piece without a group is new, even beside one");
        Assert.That(HeldOutParts.Pick(["a", "b", "c", "d", "e"], parts.New), Is.EqualTo(new[] { "b", "d", "e" }));
    }

    [Test]
    public void APartIsScoredOnItsOwnPiecesAndAnEmptyPartHasNoScore()
    {
        bool[] correct = [true, false, true, true, false];

        var seen = HeldOutParts.Score(correct, [0, 2, 4])!;

        Assert.That((seen.Correct, seen.Total), Is.EqualTo((2, 3)));
        Assert.That(seen.Lower, Is.LessThan(2 / 3.0));
        Assert.That(HeldOutParts.Score(correct, []), Is.Null);
    }

    [Test]
    public void TheSeenGroupsAreThoseTheFinalProbeLearnedFrom()
    {
        // training pieces in groups g0..g2, tuning pieces in group t; held out: 12 pieces of g1, 9 of t, 9 of n
        var train = Grouped(ProbeStudyTests.Pieces(20, seed: 1), i => $"g{i % 3}");
        var tuning = Grouped(ProbeStudyTests.Pieces(6, seed: 2), _ => "t");
        var heldOut = Grouped(ProbeStudyTests.Pieces(10, seed: 3), i => i % 10 < 4 ? "g1" : i % 10 < 7 ? "t" : "n");
        var sets = new[] { FeatureSet.Code("max"), FeatureSet.Code("mean") };

        var tuned = ProbeStudy.Run(train, tuning, heldOut, sets, Grid);
        var folded = ProbeStudy.Run(train, tuning, heldOut, sets, Grid, folds: 3);

        Assert.That((tuned.Parts.Seen.Count, tuned.Parts.New.Count), Is.EqualTo((12, 18)),
            "λ chosen on the tuning pieces: the final probe never learned group t");
        Assert.That((folded.Parts.Seen.Count, folded.Parts.New.Count), Is.EqualTo((21, 9)),
            "cross-validation pools the tuning pieces, so the final probe learned group t too");
        Assert.That(folded.Parts.New.Select(i => heldOut[i].Piece.Group), Is.All.EqualTo("n"));
        var row = folded.Rows[0];
        var (seen, fresh) = (HeldOutParts.Score(row.CorrectByPiece, folded.Parts.Seen)!,
            HeldOutParts.Score(row.CorrectByPiece, folded.Parts.New)!);
        Assert.That(seen.Correct + fresh.Correct, Is.EqualTo(row.Accuracy.Correct), "the parts add up to the whole");
    }

    [Test]
    public void ARowIsComparedWithEachBaselineOnAPartAlone()
    {
        var pieces = ProbeStudyTests.Pieces(10, seed: 4);
        var baseline = new FeatureSet(PieceFeatures.PitchClasses, false, p => p.Baselines[PieceFeatures.PitchClasses]);
        var study = ProbeStudy.Run(Grouped(pieces, _ => "g"), [], Grouped(ProbeStudyTests.Pieces(10, seed: 5),
            i => i % 2 == 0 ? "g" : "n"), [FeatureSet.Code("max"), baseline], Grid, folds: 2);
        var (code, histogram) = (study.Rows[0], study.Rows[1]);

        var onNew = study.AgainstBaselines(code, resamples: 200, part: study.Parts.New).Single().Difference;

        int onlyCode = study.Parts.New.Count(i => code.CorrectByPiece[i] && !histogram.CorrectByPiece[i]);
        int onlyBaseline = study.Parts.New.Count(i => !code.CorrectByPiece[i] && histogram.CorrectByPiece[i]);
        Assert.That(study.Parts.New, Has.Count.EqualTo(15));
        Assert.That((onNew.OnlyFirstCorrect, onNew.OnlySecondCorrect), Is.EqualTo((onlyCode, onlyBaseline)));
        Assert.That(onNew.Difference, Is.EqualTo((onlyCode - onlyBaseline) / 15.0).Within(1e-12));
    }

    // the pieces with their groups set by position
    private static List<PieceFeatures> Grouped(List<PieceFeatures> pieces, Func<int, string> group)
        => [.. pieces.Select((p, i) => p with { Piece = p.Piece with { Group = group(i) } })];
}
