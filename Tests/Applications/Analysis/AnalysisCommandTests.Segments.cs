using System.Text.Json;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>"tcnwta classify --unit segment": probes on segments of bars, scored per piece.</summary>
public partial class AnalysisCommandTests
{
    [Test]
    public void SegmentProbesScorePiecesAndSaySoInTheTableAndJson()
    {
        string json = Path.Combine(_dir, "classify-segments.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--features", "max", "--unit", "segment", "--segment-bars", "2", "--out", json,
            "--device", "cpu"]);

        Assert.That(stdout, Does.Contain("segments of 2 bars (2 code columns), ")
            .And.Contain(" a piece on average: probes learn from the segments"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That((root.GetProperty("unit").GetString(), root.GetProperty("segment_bars").GetInt32(),
            root.GetProperty("segment_columns").GetInt32()), Is.EqualTo(("segment", 2, 2)));
        Assert.That(root.GetProperty("segments_per_piece").GetDouble(), Is.GreaterThan(1));
        int heldOut = root.GetProperty("held_out").GetInt32();
        foreach (var probe in root.GetProperty("probes").EnumerateArray())
        {
            Assert.That(probe.GetProperty("accuracy").GetProperty("total").GetInt32(), Is.EqualTo(heldOut));
            Assert.That(probe.GetProperty("predicted").GetArrayLength(), Is.EqualTo(heldOut), "one vote a piece");
        }
    }

    [Test]
    public void WholePiecesAreTheDefaultUnit()
    {
        string json = Path.Combine(_dir, "classify-unit.json");

        CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type", "--per-label", "6",
            "--features", "max", "--out", json, "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("unit").GetString(), Is.EqualTo("piece"));
        Assert.That(root.GetProperty("segment_bars").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("segments_per_piece").GetDouble(), Is.EqualTo(1));
    }

    [TestCase("piece", "4", "error: --segment-bars sets the length of --unit segment; add --unit segment")]
    [TestCase("segment", "0", "error: --segment-bars must be 1 or more, got 0")]
    [TestCase("segment", "-2", "error: --segment-bars must be 1 or more, got -2")]
    public void SegmentLengthsThatCannotBeUsedAreOneLineErrors(string unit, string bars, string message)
    {
        var (exit, _, stderr) = Run("classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--features", "max", "--unit", unit, "--segment-bars", bars, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Does.StartWith(message));
    }
}
