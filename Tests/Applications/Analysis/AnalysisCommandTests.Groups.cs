using System.Text.Json;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// "tcnwta classify --folds K --group session": folds that never split a recording session, on the same small model.
/// </summary>
public partial class AnalysisCommandTests
{
    [TestCase(new[] { "--group", "session" },
        "error: --group session chooses how --folds deals pieces; give --folds K")]
    [TestCase(new[] { "--group", "composition", "--folds", "2" },
        "error: the groove dataset groups pieces by session, not by composition; use --group session")]
    [TestCase(new[] { "--group", "session", "--folds", "30" }, "groups cannot fill 30 folds; use fewer folds")]
    public void GroupingThatCannotBeDoneIsAOneLineError(string[] options, string message)
    {
        var (exit, _, stderr) = Run([.. new[] { "classify", "--model", _model, "--data", _groove, "--label",
            "beat-type", "--per-label", "6", "--features", "max", "--device", "cpu" }, .. options]);

        Assert.That(exit, Is.EqualTo(1));
        string[] lines = stderr.Trim().Split('\n');
        Assert.That(lines[^1], Does.StartWith("error: ").And.EndWith(message));
        Assert.That(lines.Count(line => line.StartsWith("error", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void ClassifyGroupedBySessionSaysSoInTheTableAndJson()
    {
        string json = Path.Combine(_dir, "classify-groups.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--features", "max", "--folds", "3", "--group", "session", "--out", json,
            "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        int groups = root.GetProperty("groups").GetInt32();
        Assert.That(root.GetProperty("grouping").GetString(), Is.EqualTo("session"));
        var pieceGroups = root.GetProperty("pieces").EnumerateArray().Select(p => p.GetProperty("group").GetString());
        Assert.That(pieceGroups, Is.All.Not.Empty.And.All.Not.EqualTo("session"),
            "a piece's group names its own session, where the top-level grouping names the kind");
        Assert.That(groups, Is.InRange(3, 24), "at least one session per fold, at most one per pooled piece");
        Assert.That(stdout, Does.Contain("24 train and validation pieces pooled for 3-fold CV (seed 1), 12 test pieces")
            .And.Contain($"folds dealt by session: {groups} sessions, none split between two folds"));
        Assert.That(root.GetProperty("probes")[0].GetProperty("tuning_accuracy").GetProperty("total").GetInt32(),
            Is.EqualTo(24), "every pooled piece scored out of its fold");
    }

    [Test]
    public void UngroupedFoldsSayNoneInTheJson()
    {
        string json = Path.Combine(_dir, "classify-ungrouped.json");

        CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type", "--per-label", "6",
            "--features", "max", "--folds", "2", "--out", json, "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.That(doc.RootElement.GetProperty("grouping").GetString(), Is.EqualTo("none"));
        Assert.That(doc.RootElement.GetProperty("groups").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("drummer", "label drummer9: dropped, its pooled pieces all lie in one session (drummer9/session1)",
        TestName = "ALabelRecordedInOneSessionIsDroppedWithAMessage")]
    [TestCase("style", "label afrocuban: dropped, its pooled pieces all lie in one session (drummer1/session2) once "
        + "sampled per label", TestName = "ALabelWhoseSampleLiesInOneSessionIsDroppedNotAnError")]
    public void ALabelInOneSessionIsDroppedWithAMessage(string label, string message)
    {
        var (exit, _, stderr) = Run("classify", "--model", _model, "--data", _groove, "--label", label,
            "--per-label", "2", "--min-held-out", "1", "--features", "max", "--folds", "2", "--group", "session",
            "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain(message), "afrocuban's four pooled pieces lie in two sessions, the two "
            + "sampled of them in one, which only the sampled check sees");
    }
}
