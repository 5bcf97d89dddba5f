using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>"tcnwta evaluate" on a small untrained Groove model and the real test split.</summary>
[NonParallelizable]
public class EvaluateCommandTests
{
    [Test]
    public void ScoresTheGrooveTestSplitAtEachBudgetBesideTheBaselines()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors"), plot = Path.Combine(dir, "rd.png");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 4, TopK = 2 });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "1", "4", "--json", "--plot", plot, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = JsonRows(stdout);
        var methods = MethodsAndBudgets(rows);
        // one-beat atoms: the network's encoder spends whole k per frame, so 4 per bar is its least budget; the gain
        // search spends exactly one per frame, over the model's atoms and the random frames; the k-means centroids
        // are coded at every budget, one per segment (kmeans+gain) or two (kmeans+union, even budgets)
        Assert.That(methods, Is.EquivalentTo(new (string?, int)[]
        {
            ("model", 4), ("model+omp", 1), ("model+omp", 4), ("model+gain", 4), ("kmeans", 1), ("kmeans", 4),
            ("kmeans+gain", 1), ("kmeans+gain", 4), ("kmeans+union", 4), ("random+omp", 1), ("random+omp", 4),
            ("random+gain", 4), ("pca", 1), ("pca", 4),
        }));
        Assert.That(stderr, Does.Not.Contain("warning: the model's coders"), "the pursuit spends 1 per bar");
        foreach (var row in rows)
        {
            Assert.That(row.GetProperty("sections").GetInt32(), Is.GreaterThan(100),
                "the Groove test split has thousands of one-bar sections");
            Assert.That(row.GetProperty("atoms").GetInt32(),
                Is.EqualTo(row.GetProperty("method").GetString() == "pca"
                ? row.GetProperty("nonzeros_per_bar").GetInt32() : 8));
            foreach (var metric in new[] { "hit_precision", "hit_recall", "hit_f1", "tuned_hit_f1" })
                Assert.That(row.GetProperty(metric).GetDouble(), Is.InRange(0.0, 1.0), metric);
            Assert.That(row.GetProperty("hit_f1").GetDouble(),
                Is.InRange(row.GetProperty("hit_f1_low").GetDouble(), row.GetProperty("hit_f1_high").GetDouble()));
            Assert.That(row.GetProperty("mse").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("velocity_mae").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(row.GetProperty("found_velocity_mae").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(row.GetProperty("offset_mae_steps").GetDouble(), Is.GreaterThanOrEqualTo(0));
        }
        double F1(string method, int budget) => Row(rows, method, budget).GetProperty("hit_f1").GetDouble();
        Assert.That(F1("kmeans", 4), Is.GreaterThan(F1("kmeans", 1)), "more centroids per bar reconstruct more hits");
        string Meaning(string method, int budget)
            => Row(rows, method, budget).GetProperty("budget_meaning").GetString()!;
        Assert.That(new[] { Meaning("kmeans+gain", 4), Meaning("random+gain", 4) },
            Is.All.EqualTo(Meaning("model+gain", 4)),
            "the baselines' dictionaries are coded by the model's gain search");
        Assert.That(Meaning("kmeans+gain", 1), Does.Contain("per 16-step frame").And.EndWith(" 1 frame(s) per bar"),
            "at 1 per bar the gain search codes the whole bar by one of the one-bar centroids");
        Assert.That(Meaning("kmeans+union", 4), Does.Contain("per 8-step frame").And.EndWith(" 2 frame(s) per bar"),
            "at 4 per bar the union code takes two of the two-beat centroids per half bar");
        Assert.That(F1("kmeans+gain", 4), Is.GreaterThan(F1("kmeans", 4)),
            "the gain search may code each frame by its nearest centroid at gain 1, and finds fewer wrong hits");
        foreach (var row in rows) CheckModelComparison(row, rows);
        Assert.That(new FileInfo(plot).Length, Is.GreaterThan(1000), "the rate-distortion plot is written");
        Directory.Delete(dir, recursive: true);
    }

    // evaluate --json's output: one row per (method, budget)
    private static List<JsonElement> JsonRows(string stdout)
        => [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)];

    private static List<(string?, int)> MethodsAndBudgets(List<JsonElement> rows)
        => [.. rows.Select(r => (r.GetProperty("method").GetString(), r.GetProperty("nonzeros_per_bar").GetInt32()))];

    private static JsonElement Row(List<JsonElement> rows, string method, int budget)
        => rows.Single(r => r.GetProperty("method").GetString() == method
            && r.GetProperty("nonzeros_per_bar").GetInt32() == budget);

    // a baseline's row carries the best model row at its budget minus it, resampled by file; a model row carries null
    // an untrained Groove model (seed 1) saved with its representation, as train would save it
    internal static void SaveUntrainedGrooveModel(string path, AutoencoderConfig config)
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 1);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
        });
    }

    private static void CheckModelComparison(JsonElement row, List<JsonElement> rows)
    {
        static bool IsModel(JsonElement r) => r.GetProperty("method").GetString()!.StartsWith("model");
        var comparison = row.GetProperty("model_comparison");
        if (IsModel(row))
        {
            Assert.That(comparison.ValueKind, Is.EqualTo(JsonValueKind.Null));
            return;
        }
        int budget = row.GetProperty("nonzeros_per_bar").GetInt32();
        var models = rows.Where(r => IsModel(r) && r.GetProperty("nonzeros_per_bar").GetInt32() == budget).ToList();
        var best = models.MaxBy(r => r.GetProperty("hit_f1").GetDouble());
        Assert.That(comparison.GetProperty("model").GetString(), Is.EqualTo(best.GetProperty("method").GetString()));
        Assert.That(comparison.GetProperty("difference").GetDouble(),
            Is.EqualTo(best.GetProperty("hit_f1").GetDouble() - row.GetProperty("hit_f1").GetDouble()).Within(1e-12));
        Assert.That(comparison.GetProperty("files").GetInt32(),
            Is.InRange(50, row.GetProperty("sections").GetInt32() / 5),
            "the test split's bars come from far fewer files, and whole files are resampled");
    }

    [Test]
    public void TheUnionEncoderCodesTheModelsAtomsAndTheBaselinesDictionariesTwoPerFrame()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 8, TopK = 2 });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "2", "4", "--encoder", "union", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = JsonRows(stdout);
        var methods = MethodsAndBudgets(rows);
        // two-beat atoms: the union code spends two per frame, 4 per bar; the gain search one, 2 per bar; the k-means
        // centroids are coded at every budget, with segments of 16 / b steps (gain) or 32 / b steps (union)
        Assert.That(methods, Is.EquivalentTo(new (string?, int)[]
        {
            ("model+union", 4), ("kmeans", 2), ("kmeans", 4), ("kmeans+gain", 2), ("kmeans+gain", 4),
            ("kmeans+union", 2), ("kmeans+union", 4), ("random+omp", 2), ("random+omp", 4), ("random+gain", 2),
            ("random+union", 4), ("pca", 2), ("pca", 4),
        }));
        Assert.That(stderr, Does.Contain("warning: the model's coders spend none of 2 non-zeros per bar exactly"),
            "the model's missing row at 2 per bar is said, not left to be noticed");
        double F1(string method, int budget) => Row(rows, method, budget).GetProperty("hit_f1").GetDouble();
        Assert.That(F1("kmeans+union", 4), Is.GreaterThan(F1("kmeans+gain", 2)),
            "a second layer per frame never adds wrong hits and finds some");
        var oneBeat = Row(rows, "kmeans+gain", 4);
        Assert.That(oneBeat.GetProperty("budget_meaning").GetString(), Does.Contain("per 4-step frame"),
            "the one-atom code at 4 per bar over the one-beat centroids, not the model's two-beat frames");
        Assert.That(oneBeat.GetProperty("model_comparison").GetProperty("model").GetString(),
            Is.EqualTo("model+union"), "paired against the union model at its own budget, frame lengths aside");
        foreach (var row in rows.Where(r => r.GetProperty("nonzeros_per_bar").GetInt32() == 4))
            CheckModelComparison(row, rows);
        Assert.That(rows.Where(r => r.GetProperty("nonzeros_per_bar").GetInt32() == 2)
            .Select(r => r.GetProperty("model_comparison").ValueKind), Is.All.EqualTo(JsonValueKind.Null),
            "no model row at 2 per bar to compare with");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void AddNoiseScoresTheCodesOfNoisyBarsAgainstTheCleanOnesBesideTheNoisyBarsAndTheCellPrior()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 4, TopK = 2 });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "4", "--add-noise", "1", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = JsonRows(stdout);
        Assert.That(MethodsAndBudgets(rows), Does.Contain(("noisy", 4)).And.Contain(("cell-prior", 4))
            .And.Contain(("model+gain+prior", 4)).And.Contain(("kmeans+gain+prior", 4))
            .And.Contain(("kmeans+union+prior", 4)).And.Contain(("model+prior", 4)).And.Contain(("kmeans+prior", 4))
            .And.Contain(("kmeans-denoise", 4)).And.Contain(("kmeans-denoise+prior", 4)));
        Assert.That(rows.Select(r => r.GetProperty("noise_rate").GetDouble()), Is.All.EqualTo(1));
        Assert.That(Row(rows, "kmeans-denoise", 4).GetProperty("hit_precision").GetDouble(),
            Is.GreaterThan(Row(rows, "kmeans", 4).GetProperty("hit_precision").GetDouble()),
            "k-means fit on noisy segments learns to drop hits that k-means of clean ones keeps");
        var noisy = Row(rows, "noisy", 4);
        Assert.That(noisy.GetProperty("hit_recall").GetDouble(), Is.EqualTo(1), "the noisy bars hold every real hit");
        Assert.That(noisy.GetProperty("hit_precision").GetDouble(), Is.EqualTo(0.5).Within(0.01),
            "one extra hit per real hit, rounded bar by bar");
        Assert.That(Row(rows, "cell-prior", 4).GetProperty("tuned_hit_f1").GetDouble(),
            Is.GreaterThan(noisy.GetProperty("hit_f1").GetDouble()), "the training bars' prior removes noise");
        CheckModelComparison(noisy, rows);
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void DropHitsScoresTheCodesOfBarsWithMissedHitsAgainstTheCleanOnes()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 4, TopK = 2 });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "4", "--drop-hits", "0.5", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = JsonRows(stdout);
        Assert.That(MethodsAndBudgets(rows), Does.Contain(("noisy", 4)).And.Contain(("cell-prior", 4))
            .And.Contain(("kmeans-denoise", 4)).And.Contain(("kmeans-denoise+prior", 4)));
        Assert.That(rows.Select(r => (r.GetProperty("noise_rate").GetDouble(), r.GetProperty("drop_fraction")
            .GetDouble())), Is.All.EqualTo((0.0, 0.5)));
        var noisy = Row(rows, "noisy", 4);
        Assert.That(noisy.GetProperty("hit_precision").GetDouble(), Is.EqualTo(1), "no hit was added");
        Assert.That(noisy.GetProperty("hit_recall").GetDouble(), Is.EqualTo(0.5).Within(0.02),
            "half the hits dropped, rounded bar by bar");
        Assert.That(Row(rows, "cell-prior", 4).GetProperty("tuned_hit_recall").GetDouble(),
            Is.GreaterThan(noisy.GetProperty("hit_recall").GetDouble()),
            "the training bars' prior puts back hits where they are played most");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void QuantizeScoresHumanizingOfTheBarsHitsAgainstTheBarsAsPlayed()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 4, TopK = 2 });

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "4", "--quantize", "--json", "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = JsonRows(stdout);
        Assert.That(MethodsAndBudgets(rows), Is.EquivalentTo(new[] { ("model", 4), ("model+omp", 4), ("noisy", 4),
            ("cell-mean", 4), ("kmeans", 4), ("kmeans-denoise", 4), ("random+omp", 4) }),
            "the linear coders alone: the gain and union codes light hits, they do not play them");
        Assert.That(rows.Select(r => r.GetProperty("hit_f1").GetDouble()), Is.All.EqualTo(1.0),
            "every row plays exactly the bars' hits");
        Assert.That(rows.Select(r => r.GetProperty("quantized").GetBoolean()), Is.All.True);
        var quantized = Row(rows, "noisy", 4);
        var cellMean = Row(rows, "cell-mean", 4);
        Assert.That(cellMean.GetProperty("velocity_mae").GetDouble(),
            Is.LessThan(quantized.GetProperty("velocity_mae").GetDouble()),
            "the training hits' means play nearer the test bars than velocity 100 everywhere");
        Assert.That(quantized.GetProperty("velocity_mae_low").GetDouble(),
            Is.LessThan(quantized.GetProperty("velocity_mae").GetDouble()));
        Assert.That(quantized.GetProperty("velocity_correlation").GetDouble(), Is.Zero, "one velocity: no accents");
        Assert.That(cellMean.GetProperty("velocity_correlation_low").GetDouble(), Is.GreaterThan(0),
            "the cells' means accent the beats the test bars accent");
        var comparison = cellMean.GetProperty("played_comparison");
        Assert.That(comparison.GetProperty("model").GetString(), Does.StartWith("model"));
        Assert.That(comparison.GetProperty("velocity_low").GetDouble(),
            Is.LessThanOrEqualTo(comparison.GetProperty("velocity_difference").GetDouble()));

        var (tableExit, table, _) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--split",
            "test", "--budgets", "4", "--quantize", "--device", "cpu");
        Assert.That(tableExit, Is.EqualTo(0));
        Assert.That(table, Does.Contain("humanizing: the hits played at velocity 100").And.Contain("vel MAE (/127)")
            .And.Contain("4/bar: model").And.Contain("− cell-mean: velocity "));
        var (unionExit, _, unionErr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove,
            "--quantize", "--encoder", "union", "--device", "cpu");
        Assert.That((unionExit, unionErr.Trim().Split('\n').Last()), Is.EqualTo((1, "error: humanizing plays a linear "
            + "decode's velocities and offsets: score the wta or omp encoder (or all), not the gain or union code, "
            + "which light hits")));
        Directory.Delete(dir, recursive: true);
    }

    [TestCase("--drop-hits", "0", "error: --drop-hits must lie in (0, 0.9], the share of the hits dropped, got 0")]
    [TestCase("--drop-hits", "1", "error: --drop-hits must lie in (0, 0.9], the share of the hits dropped, got 1")]
    public void ADropShareOutOfRangeIsOneErrorLine(string option, string value, string message)
    {
        string dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 4, FrameLength = 16, TopK = 1 });

        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", dir, option, value,
            "--device", "cpu");

        Assert.That((exit, stderr.Trim().Split('\n').Last()), Is.EqualTo((1, message)));
        Directory.Delete(dir, recursive: true);
    }

    // each once ran, ignored the option and exited 0
    [TestCase("groove", "--max-pieces 3", "a Groove model, whose study scores every bar of the split")]
    [TestCase("groove", "--train-seconds 10", "a Groove model, whose study scores every bar of the split")]
    [TestCase("events", "--budgets 5", "an events model, scored at --k by its own encoder beside its loss baselines")]
    [TestCase("events", "--no-baselines", "an events model, scored at --k by its own encoder beside its loss "
        + "baselines")]
    [TestCase("events", "--max-seconds 5", "an events model, scored at --k by its own encoder beside its loss "
        + "baselines")]
    public void AnOptionTheModelsStudyDoesNotReadIsRefused(string kind, string option, string study)
    {
        string dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        bool events = kind == "events";
        using (var backend = new CpuBackend())
        using (var model = new Autoencoder(new AutoencoderConfig
            { InputChannels = events ? 388 : 27, Atoms = 4, FrameLength = 16, TopK = 1 }, backend, seed: 1))
            ModelCheckpoint.Save(modelPath, model, extraMetadata: new Dictionary<string, string>
            {
                [RepresentationSettings.MetadataKey] = new RepresentationSettings(
                    events ? RepresentationKind.Events : RepresentationKind.Groove).ToJson(),
            });

        var (exit, stdout, stderr) = CliRunner.Run(
            ["evaluate", "--model", modelPath, "--data", dir, .. option.Split(' '), "--device", "cpu"]);
        Directory.Delete(dir, recursive: true);

        Assert.That((exit, stdout), Is.EqualTo((1, "")));
        Assert.That(stderr.Trim().Split('\n').Last(),
            Is.EqualTo($"error: {option.Split(' ')[0]} does not apply to {study}: drop it"));
    }

    [TestCase("0")]
    [TestCase("10.5")]
    public void AnAddNoiseRateOutOfRangeIsOneErrorLine(string rate)
    {
        string dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 4, FrameLength = 16, TopK = 1 });

        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", dir, "--add-noise", rate,
            "--device", "cpu");

        Assert.That((exit, stderr.Trim().Split('\n').Last()),
            Is.EqualTo((1, $"error: --add-noise must lie in (0, 10] extra hits per hit, got {rate}")));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void AGrooveModelRefusesKAndPointsToBudgets()
    {
        string groove = TestData.GrooveDir(), dir = TestData.TempDir();
        string modelPath = Path.Combine(dir, "model.safetensors");
        SaveUntrainedGrooveModel(modelPath,
            new AutoencoderConfig { InputChannels = 27, Atoms = 4, FrameLength = 16, TopK = 1 });

        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", groove, "--k", "1",
            "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("use --budgets"));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void AMissingModelIsOneErrorLine()
    {
        string dir = TestData.TempDir();
        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", Path.Combine(dir, "none.safetensors"), "--data",
            dir, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        var errorLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("device: ")).ToList();
        Assert.That(errorLines, Has.Count.EqualTo(1), stderr);
        Assert.That(errorLines[0], Does.StartWith("error: ").And.Contain("none.safetensors: no such model file"));
        Directory.Delete(dir, recursive: true);
    }
}
