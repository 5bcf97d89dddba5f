using System.Text.Json;
using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>"tcnwta styles" and "tcnwta classify" end to end on a few real Groove files and a small model.</summary>
[NonParallelizable]
public partial class AnalysisCommandTests
{
    private string _dir = "";
    private string _model = "";
    private string _groove = "";

    [OneTimeSetUp]
    public void TrainASmallModel()
    {
        _groove = TestData.GrooveDir();
        _dir = TestData.TempDir();
        _model = Path.Combine(_dir, "groove.safetensors");
        var index = GrooveIndex.Load(_groove);
        TestModels.Save(_model,
            TestModels.GrooveBars(index.Entries.Where(e => e.Split == "train").Take(12).Select(index.PathOf)), atoms: 8,
            k: 1, epochs: 40, seed: 3);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public void StylesWritesPlotsDistancesAndScoresNearestCentroids()
    {
        string output = Path.Combine(_dir, "styles");

        var (exit, stdout, stderr) = Run("styles", "--model", _model, "--data", _groove, "--label", "drummer",
            "--per-label", "4", "--out", output, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        foreach (string file in new[] { "styles-pca.png", "styles-pca.svg", "centroid-distances.png" })
            Assert.That(new FileInfo(Path.Combine(output, file)).Length, Is.GreaterThan(1000), file);
        var csv = File.ReadAllLines(Path.Combine(output, "centroid-distances.csv"));
        var labels = csv[0].Split(',').Skip(1).ToArray();
        Assert.That(labels, Does.Contain("drummer1").And.Contain("drummer7"), "drummers with test files");
        Assert.That(csv, Has.Length.EqualTo(labels.Length + 1));
        for (int a = 0; a < labels.Length; a++)
        {
            var row = csv[a + 1].Split(',');
            Assert.That(row[0], Is.EqualTo(labels[a]));
            Assert.That(double.Parse(row[a + 1], System.Globalization.CultureInfo.InvariantCulture), Is.Zero,
                "zero diagonal");
        }
        var pieces = File.ReadAllLines(Path.Combine(output, "pieces.csv"));
        Assert.That(pieces.Skip(1).Count(l => l.Contains(",test,")),
            Is.GreaterThan(0).And.LessThanOrEqualTo(4 * labels.Length));
        Assert.That(stdout,
            Does.Contain("mean codes (8 atoms)").And.Contain("drum-class histogram").And.Contain("chance")
            .And.Contain("codes: the model's code over its 8 atoms, k = 1 (wta)"));
        AssertTheStylesPartsAddUp(stdout);
        Assert.That(stderr, Does.Contain("label drummer2: dropped, no test pieces"));
        Assert.That(stderr, Does.Match(@"encoded \d+ test pieces \(\d+ steps\)"));
    }

    // each scores row's seen and new cells add up to the pieces its accuracy counts, over the parts' piece counts
    private static void AssertTheStylesPartsAddUp(string stdout)
    {
        var parts = Regex.Matches(stdout, @"^(seen|new): (\d+) test pieces of \1 sessions", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        Assert.That(parts.Keys, Is.Not.Empty, "a part's line above the scores");
        var rows = Regex.Matches(stdout, @"\((\d+)/(\d+)\)\s*│\s*(\d+)/(\d+)\s*│(?:\s*(\d+)/(\d+)\s*│)?");
        Assert.That(rows, Is.Not.Empty, "rows with part cells");
        foreach (Match row in rows)
        {
            var cells = new[] { 3, 5 }.Where(g => row.Groups[g].Success)
                .Select(g => (Correct: int.Parse(row.Groups[g].Value), Total: int.Parse(row.Groups[g + 1].Value)))
                .ToList();
            Assert.That(cells.Select(c => c.Total), Is.EqualTo(parts.Values), row.Value);
            Assert.That(cells.Sum(c => c.Correct), Is.EqualTo(int.Parse(row.Groups[1].Value)), row.Value);
        }
    }

    [Test]
    public void StylesMapsTheFeatureSetItIsGiven()
    {
        string output = Path.Combine(_dir, "styles-all");

        var (exit, stdout, stderr) = Run("styles", "--model", _model, "--data", _groove, "--label", "drummer",
            "--per-label", "4", "--features", "all", "--out", output, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("all codes (8 atoms)").And.Not.Contain("mean codes"));
        Assert.That(new FileInfo(Path.Combine(output, "styles-pca.png")).Length, Is.GreaterThan(1000));
        Assert.That(stderr, Does.Not.Contain("validation pieces"), "nearest centroids need no tuning pieces");
    }

    [Test]
    public void ClassifyComparesTheProbeWithTheBaselineAndWritesJson()
    {
        string json = Path.Combine(_dir, "classify.json");

        var (exit, stdout, stderr) = Run("classify", "--model", _model, "--dataset", "groove", "--data", _groove,
            "--label", "beat-type", "--per-label", "6", "--out", json, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("groove beat-type: 2 classes, 12 train pieces, 12 test pieces"));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("held_out").GetInt32(), Is.EqualTo(12));
        Assert.That(root.GetProperty("tuning").GetInt32(), Is.EqualTo(12), "6 validation beats and 6 fills choose λ");
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.That(probes.Select(p => p.GetProperty("features").GetString()),
            Is.EqualTo(new[]
            {
                "mean", "max", "usage", "mean+max", "all", "spread", "active-mean", "sqrt-mean", "max-l2",
                "max+baselines", "local-max", "local-max+baselines", "decoded-mean", "decoded-profile",
                "max+decoded-profile", "drum-class histogram", "played profile",
            }), "every set a drum model has, the decoded ones too: not the piano-roll intervals; both drum baselines");
        Assert.That(probes.Select(p => p.GetProperty("dimensions").GetInt32()),
            Is.EqualTo(new[]
                { 8, 8, 8, 16, 24, 8, 8, 8, 8, 8 + 9, 8, 8 + 9, 27 * 16, 3 * 9 * 16, 8 + 3 * 9 * 16, 9, 3 * 9 * 16 }),
            "the decoded sets and the played profile: 27 channels, or 3 × 9 drum classes, by the 16 steps of a "
            + "one-bar atom; max+baselines beside the histogram alone");
        var scores = probes.Select(p => (p.GetProperty("features").GetString()!, p.GetProperty("accuracy")))
            .Append(("chance", root.GetProperty("chance")));
        foreach (var (name, s) in scores)
        {
            double accuracy = s.GetProperty("accuracy").GetDouble();
            Assert.That(s.GetProperty("total").GetInt32(), Is.EqualTo(12), name);
            Assert.That(s.GetProperty("lower95").GetDouble(), Is.LessThanOrEqualTo(accuracy), name);
            Assert.That(s.GetProperty("upper95").GetDouble(), Is.GreaterThanOrEqualTo(accuracy), name);
        }
        foreach (var probe in probes)
        {
            Assert.That(probe.GetProperty("l2").GetDouble(), Is.AnyOf(1e-4, 1e-3, 1e-2, 1e-1, 1.0),
                "λ from the default grid");
            Assert.That(probe.GetProperty("tuning_accuracy").GetProperty("total").GetInt32(), Is.EqualTo(12));
        }
        Assert.That(root.GetProperty("chance").GetProperty("accuracy").GetDouble(), Is.EqualTo(0.5),
            "6 beats and 6 fills");
        Assert.That(stdout, Does.Contain("mean code").And.Contain("all code").And.Contain("drum-class histogram")
            .And.Contain("code rows: the model's code over its 8 atoms, k = 1 (wta)"));
        AssertTheSelectedRowIsTheBestOnValidation(root, probes, stdout);
        AssertThePredictionsMakeTheAccuracies(root, probes);
    }

    // every probe's predicted labels, piece by piece, count its reported accuracy; the selected row's confusion matrix
    // holds its predictions against the true labels
    private static void AssertThePredictionsMakeTheAccuracies(JsonElement root, List<JsonElement> probes)
    {
        var pieces = root.GetProperty("pieces").EnumerateArray().ToList();
        Assert.That(pieces, Has.Count.EqualTo(12));
        Assert.That(pieces.Select(p => File.Exists(p.GetProperty("path").GetString())), Is.All.True);
        var actual = pieces.Select(p => p.GetProperty("label").GetString()!).ToList();
        Assert.That(actual.Distinct(), Is.EquivalentTo(new[] { "beat", "fill" }));
        foreach (var probe in probes)
        {
            var predicted = probe.GetProperty("predicted").EnumerateArray().Select(p => p.GetString()!).ToList();
            var probability = probe.GetProperty("probability").EnumerateArray().Select(p => p.GetDouble()).ToList();
            Assert.That(predicted, Has.Count.EqualTo(12));
            Assert.That(predicted.Where((label, i) => label == actual[i]).Count(),
                Is.EqualTo(probe.GetProperty("accuracy").GetProperty("correct").GetInt32()),
                probe.GetProperty("features").GetString());
            Assert.That(probability, Has.All.InRange(0.5, 1.0), "the likeliest of two labels");
        }
        var selected = root.GetProperty("selected");
        var row = probes.Single(p => p.GetProperty("features").GetString() == selected.GetProperty("features")
            .GetString());
        var matrix = selected.GetProperty("confusion_matrix");
        var labels = matrix.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        var counts = matrix.GetProperty("counts").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToList();
        var predictedByRow = row.GetProperty("predicted").EnumerateArray().Select(p => p.GetString()!).ToList();
        for (int i = 0; i < labels.Count; i++)
            for (int j = 0; j < labels.Count; j++)
                Assert.That(counts[i][j], Is.EqualTo(actual.Where((label, n) => label == labels[i]
                    && predictedByRow[n] == labels[j]).Count()), $"{labels[i]} predicted {labels[j]}");
        Assert.That(labels.Select((_, i) => counts[i][i]).Sum(),
            Is.EqualTo(selected.GetProperty("accuracy").GetProperty("correct").GetInt32()), "the diagonal is right");
    }

    // the selected set is the code set with the most validation pieces right, compared piece by piece with each
    // baseline (the histogram, then the played profile): the difference is the two test accuracies', inside its
    // interval, and the discordant pieces make it
    private static void AssertTheSelectedRowIsTheBestOnValidation(JsonElement root, List<JsonElement> probes,
        string stdout)
    {
        static int Correct(JsonElement probe, string score)
            => probe.GetProperty(score).GetProperty("correct").GetInt32();
        var code = probes.Where(p => p.GetProperty("from_code").GetBoolean()).ToList();
        var selected = root.GetProperty("selected");
        string name = selected.GetProperty("features").GetString()!;
        var row = code.Single(p => p.GetProperty("features").GetString() == name);
        var baselines = probes.Where(p => !p.GetProperty("from_code").GetBoolean()).ToList();
        Assert.That(Correct(selected, "tuning_accuracy"), Is.EqualTo(code.Max(p => Correct(p, "tuning_accuracy"))));
        var tied = code.Where(p => Correct(p, "tuning_accuracy") == Correct(selected, "tuning_accuracy"));
        Assert.That(row.GetProperty("tuning_log_likelihood").GetDouble(),
            Is.EqualTo(tied.Max(p => p.GetProperty("tuning_log_likelihood").GetDouble())), "ties: the likelier");
        Assert.That((selected.GetProperty("l2").GetDouble(), Correct(selected, "accuracy")),
            Is.EqualTo((row.GetProperty("l2").GetDouble(), Correct(row, "accuracy"))));
        var against = selected.GetProperty("against_baselines").EnumerateArray().ToList();
        Assert.That(against.Select(a => a.GetProperty("baseline").GetString()),
            Is.EqualTo(new[] { "drum-class histogram", "played profile" }));
        foreach (var (comparison, baseline) in against.Zip(baselines))
        {
            double difference = comparison.GetProperty("difference").GetDouble();
            Assert.That(difference, Is.EqualTo((Correct(row, "accuracy") - Correct(baseline, "accuracy")) / 12.0)
                .Within(1e-12));
            Assert.That(comparison.GetProperty("only_this_correct").GetInt32()
                - comparison.GetProperty("only_baseline_correct").GetInt32(),
                Is.EqualTo((int)Math.Round(12 * difference)));
            Assert.That(comparison.GetProperty("lower95").GetDouble(), Is.LessThanOrEqualTo(difference));
            Assert.That(comparison.GetProperty("upper95").GetDouble(), Is.GreaterThanOrEqualTo(difference));
            Assert.That(comparison.GetProperty("mcnemar_p").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(comparison.GetProperty("resamples").GetInt32(), Is.EqualTo(10_000));
            Assert.That(baseline.GetProperty("against_baselines").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
        Assert.That(code.Select(p => p.GetProperty("against_baselines").GetArrayLength()), Is.All.EqualTo(2));
        Assert.That(stdout, Does.Contain($"selected code: {name}")
            .And.Contain($"selected: {name} code (λ ").And.Contain("\n  against drum-class histogram: ")
            .And.Contain("\n  against played profile: ").And.Contain("discordant pieces)"));
    }

    [Test]
    public void OneλOnTheValidationSplitSelectsNothing()
    {
        string json = Path.Combine(_dir, "classify-validation.json");

        string stdout = CliRunner.Succeed(["classify", "--model", _model, "--data", _groove, "--label", "beat-type",
            "--per-label", "6", "--split", "validation", "--l2", "0.01", "--features", "max", "--out", json,
            "--device", "cpu"]);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.That(doc.RootElement.GetProperty("selected").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(stdout, Does.Contain("max code").And.Not.Contain("selected code")
            .And.Not.Contain("selected:"));
    }

    [Test]
    public void ClassifyTakesTheDatasetFromTheModelWhenNotGiven()
    {
        string[] common = ["--model", _model, "--data", _groove, "--label", "beat-type", "--per-label", "6", "--device",
            "cpu"];

        string inferred = CliRunner.Succeed(["classify", .. common]);
        string named = CliRunner.Succeed(["classify", "--dataset", "groove", .. common]);

        Assert.That(inferred, Does.Contain("groove beat-type: 2 classes"));
        Assert.That(inferred, Is.EqualTo(named), "a Groove model means the groove dataset");
    }

    [Test]
    public void MismatchedDatasetsAndLabelsAreOneLineErrors()
    {
        var (exit, _, stderr) = Run("classify", "--model", _model, "--dataset", "maestro", "--data", _groove, "--label",
            "drummer", "--device", "cpu");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1],
            Does.StartWith("error: ").And.Contain("this Groove model cannot encode the maestro dataset"));

        // the label names its dataset, where the model's dataset was once blamed (styles has no --dataset)
        foreach (string command in new[] { "classify", "styles" })
        {
            (exit, _, stderr) = Run(command, "--model", _model, "--data", _groove, "--label", "composer", "--out",
                Path.Combine(_dir, $"{command}-composer"), "--device", "cpu");
            Assert.That(exit, Is.EqualTo(1), command);
            Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo("error: --label composer is a maestro label; this "
                + "Groove model codes the groove dataset, labelled by drummer, style, meter, beat-type"), command);
        }

        (exit, _, stderr) = Run("classify", "--model", _model, "--dataset", "groove", "--data", _groove, "--label",
            "meter", "--device", "cpu");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("fewer than two labels").And.Contain("3-4: dropped, no test pieces"));

        (exit, _, stderr) = Run("classify", "--model", _model, "--dataset", "groove", "--data", _groove, "--label",
            "drummer", "--split", "validation", "--device", "cpu");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr,
            Does.Contain("error: --split validation leaves no split to choose λ on; give one --l2 value"));

        (exit, _, stderr) = Run("styles", "--model", Path.Combine(_dir, "missing.safetensors"), "--data", _groove,
            "--label", "style", "--out", _dir, "--device", "cpu");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("missing.safetensors: no such model file"));
    }
}
