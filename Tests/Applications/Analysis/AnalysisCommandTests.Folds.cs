using System.Text.Json;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// "tcnwta classify --folds K": λ and the code set chosen by cross-validation, on the same small model.
/// </summary>
public partial class AnalysisCommandTests
{
    [Test]
    public void ClassifyWithFoldsPoolsTrainAndValidationAndSaysSoInTheTableAndJson()
    {
        string json = Path.Combine(_dir, "classify-folds.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--folds", "3", "--out", json, "--device", "cpu"]);

        Assert.That(stdout, Does.Contain("groove beat-type: 2 classes, 24 train and validation pieces pooled for "
            + "3-fold CV (seed 1), 12 test pieces"));
        Assert.That(stdout, Does.Contain("3-fold CV accuracy").And.Contain("(24 pieces)")
            .And.Not.Contain("validation accuracy"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That((root.GetProperty("selection").GetString(), root.GetProperty("folds").GetInt32(),
            root.GetProperty("seed").GetInt32()), Is.EqualTo(("3-fold", 3, 1)));
        Assert.That((root.GetProperty("train").GetInt32(), root.GetProperty("held_out").GetInt32()),
            Is.EqualTo((24, 12)));
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.That(probes.Select(p => p.GetProperty("tuning_accuracy").GetProperty("total").GetInt32()),
            Is.All.EqualTo(24), "every pooled piece scored out of its fold");
        Assert.That(probes.Select(p => p.GetProperty("accuracy").GetProperty("total").GetInt32()), Is.All.EqualTo(12));
        string selected = root.GetProperty("selected").GetProperty("features").GetString()!;
        Assert.That(stdout, Does.Contain($"selected: {selected} code (λ ").And.Contain("on 3-fold CV), "));
    }

    [Test]
    public void FoldsOnTheValidationSplitPoolTheTrainSplitAlone()
    {
        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--split", "validation", "--features", "max", "--folds", "2", "--device", "cpu"]);

        Assert.That(stdout, Does.Contain("12 train pieces pooled for 2-fold CV (seed 1), 12 validation pieces")
            .And.Contain("selected: max code (λ "));
    }

    [Test]
    public void TheValidationProtocolSaysSoInTheJson()
    {
        string json = Path.Combine(_dir, "classify-protocol.json");

        CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type", "--per-label", "6",
            "--features", "max", "--out", json, "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("selection").GetString(), Is.EqualTo("validation"));
        Assert.That(root.GetProperty("folds").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("seed").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("1", "6", "error: --folds must be 2 or more, got 1")]
    [TestCase("0", "6", "error: --folds must be 2 or more, got 0")]
    [TestCase("-3", "6", "error: --folds must be 2 or more, got -3")]
    [TestCase("30", "6", "error: 30 folds need at least 30 pieces, got 24")]
    [TestCase("5", "2", "error: label beat has 4 pieces to pool, fewer than the 5 folds")]
    public void FoldsThatCannotBeDealtAreOneLineErrors(string folds, string perLabel, string message)
    {
        var (exit, _, stderr) = Run("classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", perLabel, "--features", "max", "--folds", folds, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Does.StartWith(message));
    }
}
