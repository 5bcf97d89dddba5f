using System.Text.Json;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// "tcnwta classify" on the held-out pieces of sessions the probes learned from and of new ones (Groove's test split
/// holds four eval_session sessions that neither train nor validation does), on the same small model.
/// </summary>
public partial class AnalysisCommandTests
{
    [Test]
    public void ClassifyScoresEveryRowOnSeenAndNewSessions()
    {
        string json = Path.Combine(_dir, "classify-parts.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "drummer",
            "--per-label", "8", "--features", "max", "--folds", "2", "--out", json, "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        var pieces = root.GetProperty("pieces").EnumerateArray().ToList();
        var seen = pieces.Select(p => p.GetProperty("seen_group").GetBoolean()).ToList();
        Assert.That(pieces.Where(p => p.GetProperty("path").GetString()!.Contains("eval_session"))
            .Select(p => p.GetProperty("seen_group").GetBoolean()), Is.Not.Empty.And.All.False,
            "no train or validation piece is from an eval_session");
        Assert.That(seen, Does.Contain(true));
        int seenCount = seen.Count(s => s), newCount = seen.Count(s => !s);
        Assert.That((root.GetProperty("seen_group_pieces").GetInt32(), root.GetProperty("new_group_pieces").GetInt32()),
            Is.EqualTo((seenCount, newCount)));
        var actual = pieces.Select(p => p.GetProperty("label").GetString()).ToList();
        foreach (var probe in root.GetProperty("probes").EnumerateArray())
        {
            var right = probe.GetProperty("predicted").EnumerateArray().Select((p, i) => p.GetString() == actual[i])
                .ToList();
            foreach (var (key, inPart, count) in new[] { ("seen_groups", true, seenCount), ("new_groups", false,
                newCount) })
            {
                var score = probe.GetProperty(key);
                Assert.That(score.GetProperty("total").GetInt32(), Is.EqualTo(count), key);
                Assert.That(score.GetProperty("correct").GetInt32(),
                    Is.EqualTo(right.Where((r, i) => r && seen[i] == inPart).Count()), key);
            }
        }
        var selected = root.GetProperty("selected");
        foreach (string key in new[] { "seen_groups_against_baselines", "new_groups_against_baselines" })
            Assert.That(selected.GetProperty(key).EnumerateArray().Select(a => a.GetProperty("baseline").GetString()),
                Is.EqualTo(new[] { "drum-class histogram", "played profile" }), key);
        Assert.That(stdout, Does.Contain($"seen: {seenCount} test pieces of seen sessions")
            .And.Contain($"new: {newCount} test pieces of new sessions")
            .And.Contain($"on the {newCount} test pieces of new sessions: max code "));
    }

    [Test]
    public void AnEmptyPartIsSaidInOneLineAndLeftOut()
    {
        string json = Path.Combine(_dir, "classify-no-new.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--split", "validation", "--features", "max", "--folds", "2", "--out", json, "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("new_group_pieces").GetInt32(), Is.Zero,
            "every validation session is in train, and all train pieces are learned from");
        Assert.That(root.GetProperty("seen_group_pieces").GetInt32(), Is.EqualTo(root.GetProperty("held_out")
            .GetInt32()));
        var probe = root.GetProperty("probes")[0];
        Assert.That(probe.GetProperty("new_groups").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(probe.GetProperty("seen_groups").GetProperty("correct").GetInt32(),
            Is.EqualTo(probe.GetProperty("accuracy").GetProperty("correct").GetInt32()));
        var selected = root.GetProperty("selected");
        Assert.That(selected.GetProperty("new_groups_against_baselines").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(selected.GetProperty("seen_groups_against_baselines").GetArrayLength(), Is.EqualTo(2));
        Assert.That(stdout, Does.Contain("no validation pieces of new sessions (a session in none of the pieces")
            .And.Contain("│ seen ").And.Not.Contain("│ new ").And.Not.Contain("pieces of new sessions:"));
    }
}
