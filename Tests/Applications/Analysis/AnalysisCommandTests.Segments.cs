using System.Text.Json;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

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
            .And.Contain(" a piece on average: probes learn from the segments")
            .And.Not.Contain("each probe chooses its length"));
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
            Assert.That(probe.GetProperty("segment_bars").GetInt32(), Is.EqualTo(2), "one length: every row's");
        }
        Assert.That(root.GetProperty("segment_candidates").ValueKind, Is.EqualTo(JsonValueKind.Null));
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

    [Test]
    public void SeveralLengthsLetEachProbeChooseOneAndSayWhichInTheTableAndJson()
    {
        string json = Path.Combine(_dir, "classify-lengths.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--features", "max", "mean", "--unit", "segment", "--segment-bars", "0", "4", "2",
            "--out", json, "--device", "cpu"]);

        Assert.That(stdout, Does.Contain("segments of 2 bars (2 code columns), ").And.Contain("segments of 4 bars")
            .And.Contain("candidate: whole pieces").And.Contain("each probe chooses its length (column B)"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("segment_bars").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var candidates = root.GetProperty("segment_candidates").EnumerateArray().ToList();
        Assert.That(candidates.Select(c => c.GetProperty("segment_bars").GetInt32()), Is.EqualTo(new[] { 2, 4, 0 }),
            "shortest first, the whole piece last");
        Assert.That(candidates[^1].GetProperty("segments_per_piece").GetDouble(), Is.EqualTo(1));
        Assert.That(candidates[0].GetProperty("segments_per_piece").GetDouble(),
            Is.GreaterThan(candidates[1].GetProperty("segments_per_piece").GetDouble()));
        foreach (var probe in root.GetProperty("probes").EnumerateArray())
            Assert.That(probe.GetProperty("segment_bars").GetInt32(), Is.AnyOf(2, 4, 0));
    }

    [Test]
    public void OnePassOverAPieceCutsItAsSeparatePassesDo()
    {
        var index = GrooveIndex.Load(_groove);
        var pieces = index.Entries.Where(e => e.Split == "validation").Take(3)
            .Select(e => new LabeledPiece(index.PathOf(e), "a", "validation")).ToList();
        using var backend = new CpuBackend();
        using var model = TrainedModel.Load(_model, backend);
        var sets = FeatureSet.CodeSets.Where(set => !set.PianoRollOnly)
            .Concat(FeatureSet.Baselines(RepresentationKind.Groove)).ToList();

        var together = PieceFeatures.Extract(model, pieces, segmentColumns: [4, 2, 0]).Rows;
        var apart = new[] { 4, 2 }
            .Select(length => PieceFeatures.Extract(model, pieces, segmentColumns: [length]).Rows).ToList();

        Assert.That(together, Has.Count.EqualTo(pieces.Count));
        for (int p = 0; p < together.Count; p++)
        {
            Assert.That(together[p].Cuts![2], Is.Null, "0 columns keep the piece whole");
            for (int cut = 0; cut < apart.Count; cut++)
            {
                var (one, alone) = (together[p].Cuts![cut]!, apart[cut][p].Rows);
                Assert.That(one, Has.Count.EqualTo(alone.Count));
                foreach (var set in sets)
                    Assert.That(one.Select(set.Of), Is.EqualTo(alone.Select(set.Of)), set.Name);
            }
        }
    }

    [TestCase("segment", "4 4", "error: --segment-bars lists a length twice: 4 4")]
    [TestCase("segment", "0 -1", "error: --segment-bars must be 1 or more, got 0 -1")]
    [TestCase("piece", "4", "error: --segment-bars sets the length of --unit segment; add --unit segment")]
    [TestCase("segment", "0", "error: --segment-bars must be 1 or more, got 0")]
    [TestCase("segment", "-2", "error: --segment-bars must be 1 or more, got -2")]
    public void SegmentLengthsThatCannotBeUsedAreOneLineErrors(string unit, string bars, string message)
    {
        var (exit, _, stderr) = Run(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--features", "max", "--unit", unit, "--segment-bars", .. bars.Split(' '),
            "--device", "cpu"]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Does.StartWith(message));
    }
}
