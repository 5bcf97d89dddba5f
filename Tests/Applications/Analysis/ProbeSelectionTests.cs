using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The code feature set a study selects on its tuning pieces, and its rows' paired comparisons with the baselines.
/// </summary>
public class ProbeSelectionTests
{
    // a row of a study of 30 tuning and 4 held-out pieces, all labelled "a" (a wrong one predicted "b")
    private static ProbeStudy.Row Row(string name, bool fromCode, int tuningCorrect, double likelihood,
        string heldOut = "1100")
        => new(new FeatureSet(name, fromCode, _ => []), 4, 0.01, AccuracyInterval.Wilson(tuningCorrect, 30),
            likelihood, AccuracyInterval.Wilson(heldOut.Count(c => c == '1'), heldOut.Length),
            [.. heldOut.Select(c => c == '1')], [.. heldOut.Select(c => c == '1' ? "a" : "b")],
            [.. heldOut.Select(_ => 0.5)]);

    private static ProbeStudy Study(params ProbeStudy.Row[] rows)
        => new(rows, AccuracyInterval.Wilson(2, 4), 90, 30, 4, 3, new HeldOutParts([0, 1, 2, 3], []));

    [Test]
    public void TheCodeSetWithTheMostTuningPiecesRightIsSelected()
    {
        var study = Study(Row("mean", true, 20, -0.5), Row("max", true, 24, -0.9), Row("usage", true, 22, -0.1),
            Row("drum-class histogram", false, 28, -0.1));

        Assert.That(study.SelectedCodeRow()!.Features.Name, Is.EqualTo("max"), "never a baseline, however accurate");
    }

    [Test]
    public void TiesGoToTheHigherLikelihoodThenToTheEarlierRow()
    {
        Assert.That(Study(Row("mean", true, 24, -0.9), Row("max", true, 24, -0.4), Row("usage", true, 24, -0.6))
            .SelectedCodeRow()!.Features.Name, Is.EqualTo("max"));
        Assert.That(Study(Row("mean", true, 20, -0.1), Row("max", true, 24, -0.4), Row("usage", true, 24, -0.4))
            .SelectedCodeRow()!.Features.Name, Is.EqualTo("max"));
    }

    [Test]
    public void NothingIsSelectedWhenNothingWasTuned()
    {
        var untuned = Row("max", true, 24, -0.4) with { Tuning = null, TuningLikelihood = null };

        Assert.That(Study(untuned, Row("drum-class histogram", false, 28, -0.1)).SelectedCodeRow(), Is.Null);
        Assert.That(Study(Row("drum-class histogram", false, 28, -0.1)).SelectedCodeRow(), Is.Null);
    }

    [Test]
    public void ARowIsComparedPieceByPieceWithEachBaselineInTableOrder()
    {
        var code = Row("max", true, 24, -0.4, heldOut: "1101");
        var study = Study(code, Row("pitch-class histogram", false, 20, -0.2, heldOut: "1000"),
            Row("note intervals", false, 20, -0.2, heldOut: "1111"));

        var against = study.AgainstBaselines(code);

        Assert.That(against.Select(a => a.Baseline.Features.Name),
            Is.EqualTo(new[] { "pitch-class histogram", "note intervals" }));
        Assert.That(against.Select(a => (a.Difference.Difference, a.Difference.OnlyFirstCorrect,
            a.Difference.OnlySecondCorrect)), Is.EqualTo(new[] { (0.5, 2, 0), (-0.25, 0, 1) }));
    }
}
