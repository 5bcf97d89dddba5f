using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>
/// "tcnwta evaluate-generation" on a small untrained Groove model of two-beat atoms and the real splits.
/// </summary>
[NonParallelizable]
public class EvaluateGenerationCommandTests
{
    // the Groove data folder, a fresh folder, and in it an untrained model of 8 two-beat atoms, k = 2
    private static (string Groove, string Dir, string ModelPath) UntrainedModel()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        EvaluateCommandTests.SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 8, TopK = 2 });
        return (groove, dir, modelPath);
    }

    [Test]
    public void ScoresEveryGeneratorAgainstTheTestSplitBesideTheRealBars()
    {
        var (groove, dir, modelPath) = UntrainedModel();

        var (exit, stdout, stderr) = CliRunner.Run("evaluate-generation", "--model", modelPath, "--data", groove,
            "--sections", "300", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => r.GetProperty("method").GetString()!);
        Assert.That(rows.Keys, Is.EqualTo(new[]
        {
            "model+chain", "model+chain+flat", "model+usage", "model+codes", "train-frames", "kmeans+chain",
            "train-sections",
            "cell-rates", "validation-sections",
        }));
        foreach (var (method, row) in rows)
        {
            double Value(string key) => row.GetProperty(key).GetDouble();
            Assert.That(row.GetProperty("sections").GetInt32(), Is.EqualTo(300), method);
            foreach (var key in new[] { "realism", "coverage" })
            {
                Assert.That(Value(key), Is.InRange(0.0, 1.0), $"{method} {key}");
                Assert.That(Value(key), Is.InRange(Value($"{key}_low"), Value($"{key}_high")), $"{method} {key}");
            }
            Assert.That(Value("copied"), Is.LessThanOrEqualTo(Value("nearest_train_f1")), method);
            Assert.That(Value("held_out_hits_per_bar"), Is.GreaterThan(5), "Groove bars hold many hits");
            if (row.GetProperty("velocity_w1").ValueKind == JsonValueKind.Null)
            {
                Assert.That(Value("hits_per_bar"), Is.Zero, $"{method}: no distance for no hits (untrained model)");
                Assert.That(row.GetProperty("offset_w1").ValueKind, Is.EqualTo(JsonValueKind.Null), method);
                continue;
            }
            Assert.That(Value("velocity_w1"), Is.InRange(0.0, 1.0), $"{method}: velocities lie in [0, 1]");
            Assert.That(Value("offset_w1"), Is.InRange(0.0, 2.0), $"{method}: offsets lie in [-1, 1]");
        }
        double Of(string method, string key) => rows[method].GetProperty(key).GetDouble();
        Assert.That((Of("train-sections", "copied"), Of("train-sections", "nearest_train_f1")), Is.EqualTo((1.0, 1.0)));
        Assert.That(Of("validation-sections", "copied"), Is.LessThan(0.5), "most unseen bars are new");
        Assert.That(Of("train-sections", "realism"), Is.GreaterThan(Of("cell-rates", "realism") + 0.05),
            "real bars are more like real bars than cells hit independently");
        Assert.That(Of("cell-rates", "hits_per_bar"), Is.EqualTo(Of("train-sections", "hits_per_bar")).Within(2),
            "cells at their training rates add up to the training bars' hits");
        Assert.That(Of("model+chain+flat", "realism"), Is.EqualTo(Of("model+chain", "realism")),
            "played flat, the chain's hits stay");
        Assert.That(Of("validation-sections", "velocity_w1"), Is.LessThan(Of("cell-rates", "velocity_w1")),
            "real drummers play louder and softer than one velocity a cell");
        Assert.That(Of("validation-sections", "offset_w1"), Is.LessThan(Of("cell-rates", "offset_w1")),
            "and off the grid");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void SectionsOfSeveralBarsAreScoredWhole()
    {
        var (groove, dir, modelPath) = UntrainedModel();

        var (exit, stdout, stderr) = CliRunner.Run("evaluate-generation", "--model", modelPath, "--data", groove,
            "--split", "validation", "--sections", "100", "--section-bars", "2", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("Generated 2-bar 4/4 Groove sections against the validation split"));
        Assert.That(stdout, Does.Contain("train-sections").And.Not.Contain("validation-sections"),
            "scored on validation, the validation sections are the reference, not a row");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void OneSectionHasNoRealismIntervalInTheJsonOrTheTable()
    {
        var (groove, dir, modelPath) = UntrainedModel();
        string[] request = ["evaluate-generation", "--model", modelPath, "--data", groove, "--sections", "1",
            "--device", "cpu"];

        var rows = CliRunner.Succeed([.. request, "--json"]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        string table = CliRunner.Succeed(request);

        Assert.That(rows, Has.Count.EqualTo(9));
        foreach (var row in rows)
        {
            Assert.That(new[] { "realism_low", "realism_high" }.Select(key => row.GetProperty(key).ValueKind),
                Is.All.EqualTo(JsonValueKind.Null), "one generated section, no interval");
            Assert.That(row.GetProperty("coverage_low").GetDouble(), Is.InRange(0.0, 1.0),
                "coverage is over the many held-out sections");
        }
        Assert.That(table, Does.Contain("[-]").And.Contain("[-]: no interval from a single section"));
        Directory.Delete(dir, recursive: true);
    }

    [TestCase("train", "--split must be validation or test")]
    [TestCase("test --sections 0", "--sections of 1 bar(s) must lie in [1, 10000] (10000 bars in all), got 0")]
    [TestCase("test --section-bars 4 --sections 2501", "--sections of 4 bar(s) must lie in [1, 2500]")]
    [TestCase("test --section-bars 17", "--section-bars must lie in [1, 16], got 17")]
    public void BadRequestsAreOneLineErrors(string arguments, string message)
    {
        var (groove, dir, modelPath) = UntrainedModel();

        var (exit, _, stderr) = CliRunner.Run([.. "evaluate-generation --model".Split(' '), modelPath, "--data", groove,
            "--split", .. arguments.Split(' '), "--device", "cpu"]);

        Assert.That(exit, Is.Not.EqualTo(0));
        var lines = stderr.Trim().Split('\n');
        Assert.That(lines[^1], Does.StartWith("error: ").And.Contain(message), "the error is the last line");
        Assert.That(lines[..^1], Has.None.StartsWith("error"), "and the only one (the device line comes first)");
        Directory.Delete(dir, recursive: true);
    }
}
