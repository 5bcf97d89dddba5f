using System.Text.Json;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Training.Evaluation;

/// <summary>"tcnwta evaluate" on a piano-roll model and a MAESTRO-shaped folder of synthetic pieces.</summary>
[NonParallelizable]
public class PianoEvaluateCommandTests
{
    private static (string Dir, string Model) FolderAndModel()
    {
        var figure = Figure(60, 64, repeats: 10);
        string dir = Folder(("train", figure), ("test", Figure(60, 64, repeats: 5)), ("train", figure),
            ("validation", Figure(60, 64, repeats: 3)));
        string modelPath = Path.Combine(dir, "model.safetensors");
        using var backend = new CpuBackend();
        using var model = TiedModel(backend, [FirstFrame(Piece(figure)), FirstFrame(Piece(Figure(67, 71, repeats: 1)))],
            k: 1);
        Save(modelPath, model);
        return (dir, modelPath);
    }

    [Test]
    public void AddNoiseIsRefusedForAPianoModel()
    {
        var (dir, modelPath) = FolderAndModel();

        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", dir, "--add-noise", "1",
            "--device", "cpu");

        Assert.That((exit, stderr.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: --add-noise scores denoising of Groove drum bars; this is a piano model")));
    }

    [Test]
    public void PrintsOneJsonLinePerMethodAndBudgetWithSnakeCaseKeysAndWritesThePlot()
    {
        var (dir, modelPath) = FolderAndModel();
        string plot = Path.Combine(dir, "rd.png");

        var (exit, stdout, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", dir, "--budgets", "5",
            "10", "--json", "--plot", plot, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // two atoms: the encoder's k = 4 at 10/s is more than N, so only 5/s (k = 2) is its budget
        var methods = rows.Select(
            r => (r.GetProperty("method").GetString(), r.GetProperty("nonzeros_per_second").GetInt32()));
        Assert.That(methods, Is.EqualTo(new (string?, int)[]
        {
            ("model", 5), ("model+omp", 5), ("model+omp", 10), ("kmeans", 5), ("kmeans", 10), ("random+omp", 5),
            ("random+omp", 10), ("values", 5), ("values", 10),
        }));
        Assert.That(rows[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "method", "nonzeros_per_second", "spent_nonzeros_per_second", "atoms", "budget_meaning", "split", "pieces",
            "seconds", "onset_precision", "onset_recall", "onset_f1", "onset_f1_low", "onset_f1_high",
            "note_precision", "note_recall", "note_f1", "note_f1_low", "note_f1_high",
            "found_velocity_mae", "found_velocity_mae_low", "found_velocity_mae_high",
            "tuned_threshold", "tuned_onset_precision", "tuned_onset_recall", "tuned_onset_f1",
            "tuned_onset_f1_low", "tuned_onset_f1_high", "tuned_note_f1", "model_comparison",
        }));
        Assert.That(rows[0].GetProperty("model_comparison").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var kmeansAtFive = rows[3].GetProperty("model_comparison");
        Assert.That((kmeansAtFive.GetProperty("model").GetString(), kmeansAtFive.GetProperty("files").GetInt32()),
            Is.EqualTo(("model", 1)), "k-means at 5/s against the model's best row there, over the one test piece");
        // at 5/s every dictionary holds the test figure: its frame, or its two 4-step halves as the two centroids
        var atFive = rows.Where(r => r.GetProperty("nonzeros_per_second").GetInt32() == 5);
        Assert.That(atFive.Select(r => r.GetProperty("onset_f1").GetDouble()), Is.All.EqualTo(1.0));
        Assert.That(atFive.Select(r => r.GetProperty("tuned_onset_f1").GetDouble()), Is.All.EqualTo(1.0),
            "the threshold tuned on the validation piece keeps every onset of the test piece");
        Assert.That(rows.Select(r => r.GetProperty("note_f1").GetDouble()), Is.All.InRange(0.0, 1.0));
        Assert.That(new FileInfo(plot).Length, Is.GreaterThan(1000), "the rate-distortion plot is written");
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void TheTableEndsWithTheModelsLeadOnEachBaselinePairedOverPieces()
    {
        var (dir, modelPath) = FolderAndModel();

        var stdout = CliRunner.Succeed("evaluate", "--model", modelPath, "--data", dir, "--budgets", "5",
            "--device", "cpu");

        Assert.That(stdout, Does.Contain(
            "The model's best row minus each baseline, onset F1 at 0.5 [95% paired bootstrap, 2000 resamples of the "
            + "split's 1 pieces]:"));
        // every method finds every onset of the test figure at 5/s: the first of the tied model rows, no lead
        Assert.That(stdout, Does.Contain("  5/s: model − kmeans: 0.000 [0.000, 0.000]"));
        Assert.That(stdout, Does.Contain("  5/s: model − values: 0.000 [0.000, 0.000]"));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void TheTableSaysWhatWasLeftOutAndTheModelSizeBesideThePapers()
    {
        var (dir, modelPath) = FolderAndModel();

        var stdout = CliRunner.Succeed("evaluate", "--model", modelPath, "--data", dir, "--budgets", "5", "10",
            "--no-baselines", "--device", "cpu");

        Assert.That(stdout, Does.Contain("left out: model at 10/s: 10/s is 4 per 8-step frame, not a whole k in 1..2"));
        Assert.That(stdout, Does.Contain("the paper's piano model: 877 KB"));
        Assert.That(stdout, Does.Contain("thr*: the threshold best for onset F1 on the validation split"));
        Assert.That(stdout, Does.Not.Contain("minus each baseline"), "no baselines, nothing to compare");
        Assert.That(stdout, Does.Contain($"{Roll.Channels * 8 * 2 * 2:N0} parameters"),
            "encoder and decoder of two [176, 8] atoms");
        Directory.Delete(dir, recursive: true);
    }

    // each once ran, ignored the option and exited 0
    [TestCase("--no-baselines --train-pieces 2", "--train-pieces",
        "a study with --no-baselines, which samples no training pieces")]
    [TestCase("--no-baselines --seed 7", "--seed", "a study with --no-baselines, which samples no training pieces")]
    [TestCase("--no-baselines --encoder wta --offset-weight 0.25", "--offset-weight",
        "the model's own encoder alone (--encoder wta --no-baselines), which runs no OMP")]
    public void AnOptionTheStudyDoesNotReadIsRefused(string options, string option, string what)
    {
        var (dir, modelPath) = FolderAndModel();
        if (option == "--offset-weight")   // an onset-roll model, the one kind that takes a weight
            modelPath = TcnWtaNative.Tests.Applications.ModelOffsetWeightTests.SavedModel(dir,
                TcnWtaNative.Training.Configuration.TrainingPresets.PianoNotes with { Data = "maestro" });

        var (exit, stdout, stderr) = CliRunner.Run(
            ["evaluate", "--model", modelPath, "--data", dir, .. options.Split(' '), "--device", "cpu"]);
        Directory.Delete(dir, recursive: true);

        Assert.That((exit, stdout), Is.EqualTo((1, "")));
        Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo($"error: {option} does not apply to {what}: drop it"));
    }

    [Test]
    public void APianoRollModelRefusesKAndPointsToBudgets()
    {
        var (dir, modelPath) = FolderAndModel();

        var (exit, _, stderr) = CliRunner.Run("evaluate", "--model", modelPath, "--data", dir, "--k", "1", "--device",
            "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("use --budgets (non-zeros per second)"));
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public void AnOffsetWeightIsRefusedWhereThereAreNoNoteEndsToWeighOrWhenItIsNoWeight()
    {
        var (dir, modelPath) = FolderAndModel();

        string LastLine(params string[] weight)
        {
            var (exit, _, stderr) = CliRunner.Run(["evaluate", "--model", modelPath, "--data", dir, .. weight,
                "--device", "cpu"]);
            Assert.That(exit, Is.EqualTo(1), stderr);
            return stderr.Trim().Split('\n').Last();
        }

        Assert.That(LastLine("--offset-weight", "0.5"),
            Is.EqualTo("error: --offset-weight: an offset weight weighs the onset roll's note ends; this model's "
                + "representation is Pianoroll"));
        Assert.That(LastLine("--offset-weight", "0"),
            Is.EqualTo("error: --offset-weight: an offset weight must lie in [0.000001, 1000000], got 0"));
        Directory.Delete(dir, recursive: true);
    }
}
