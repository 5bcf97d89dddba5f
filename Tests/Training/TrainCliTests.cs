using System.Text.Json;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Metrics;
using static TcnWtaNative.Tests.Support.CliRunner;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>`tcnwta train` as a user runs it, in process.</summary>
[NonParallelizable]
public class TrainCliTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void TrainSyntheticWritesTheRunFolderAndResumeExtendsIt()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, stdout, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "3", "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(Directory.GetFiles(run).Select(Path.GetFileName),
            Is.EquivalentTo(
                new[] { "model.safetensors", "model.state.safetensors", "metrics.csv", "loss.png", "config.json" }));
        Assert.That(MetricsCsv.Read(Path.Combine(run, "metrics.csv")).Select(row => row.Epoch),
            Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(File.ReadAllBytes(Path.Combine(run, "loss.png")).Take(4),
            Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.That(
                (config.RootElement.GetProperty("epochs").GetInt32(),
                config.RootElement.GetProperty("samples").GetInt32()), Is.EqualTo((3, 64)));
        Assert.That(stdout, Does.Contain("train loss").And.Contain("validation loss").And.Contain("model file"));
        using (var backend = new CpuBackend())
        using (var model = TrainedModel.Load(Path.Combine(run, "model.safetensors"), backend))
            Assert.That(model.Representation.Settings.Kind.ToString(), Is.EqualTo("Groove"),
                "the applications can load the run's model");

        var (resumeExit, _, resumeErr) = Run("train", "--out", run, "--resume", "--epochs", "5", "--device", "cpu",
            "--no-cache");
        Assert.That(resumeExit, Is.EqualTo(0), resumeErr);
        Assert.That(MetricsCsv.Read(Path.Combine(run, "metrics.csv")).Select(row => row.Epoch),
            Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));

        var (clobberExit, _, clobberErr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "1", "--out", run]);
        Assert.That(clobberExit, Is.EqualTo(1));
        Assert.That(clobberErr, Does.Contain("already holds a run").And.Contain("--resume"));
        Assert.That(MetricsCsv.Read(Path.Combine(run, "metrics.csv")), Has.Count.EqualTo(5),
            "the refused run left the old one alone");

        var (refusedExit, _, refusedErr) = Run("train", "--out", run, "--resume", "--atoms", "5", "--device", "cpu");
        Assert.That(refusedExit, Is.EqualTo(1));
        Assert.That(refusedErr,
            Does.Contain(
                "error: --resume keeps the saved run's options; only --epochs, --data, --max-epoch-seconds, "
                + "--checkpoint-every may change, not --atoms"));
    }

    [TestCase(new[] { "--epochs", "5", "--checkpoint-every", "4" }, "the first checkpoint, after epoch 4, writes")]
    [TestCase(new[] { "--epochs", "9", "--checkpoint-every", "4", "--resume" },
        "the first checkpoint, after epoch 8, writes")]
    [TestCase(new[] { "--epochs", "3", "--checkpoint-every", "4" }, "the first checkpoint, after epoch 3, writes")]
    [TestCase(new[] { "--epochs", "5", "--checkpoint-every", "1" }, null)]
    public void TheStartSaysWhenTheRunsFilesAreWritten(string[] options, string? expected)
    {
        string run = Path.Combine(_directory, "run");
        if (options.Contains("--resume")) Run([.. TrainingFixtures.QuickTrain, "--epochs", "5", "--out", run]);

        string stdout = Succeed([.. TrainingFixtures.QuickTrain, "--out", run, .. options]);

        string start = stdout.Split('\n').Single(line => line.StartsWith("training "));
        Assert.That(start, expected is null ? Does.Not.Contain("first checkpoint") : Does.Contain(expected));
    }

    [Test]
    public void ConfigFileOverridesThePresetAndFlagsOverrideTheFile()
    {
        string file = Path.Combine(_directory, "options.json");
        File.WriteAllText(file, """{ "epochs": 9, "atoms": 5, "seed": 4 }""");
        string run = Path.Combine(_directory, "run");

        var (exit, _, stderr) = Run(
            [.. TrainingFixtures.QuickTrain, "--preset", "synthetic", "--config", file, "--epochs", "2", "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.That(config.RootElement.GetProperty("epochs").GetInt32(), Is.EqualTo(2));
        Assert.That(config.RootElement.GetProperty("atoms").GetInt32(), Is.EqualTo(5));
        Assert.That(config.RootElement.GetProperty("learning_rate").GetSingle(), Is.EqualTo(0.01f), "the preset's");
    }

    [Test]
    public void ReviveAtomsSetsTheOptionAndTheMetricsCountTheAtoms()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, stdout, stderr) = Run(
            [.. TrainingFixtures.QuickTrain, "--epochs", "3", "--atoms", "16", "--k-start", "1", "--revive-atoms", "1",
            "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.That(config.RootElement.GetProperty("revive_atoms_after").GetInt32(), Is.EqualTo(1));
        var rows = MetricsCsv.Read(Path.Combine(run, "metrics.csv"));
        Assert.That(rows.Select(row => row.AtomsUsed), Is.All.InRange(1, 16));
        Assert.That(rows.Select(row => row.AtomsUsed + row.AtomsRevived), Is.All.LessThanOrEqualTo(16));
        Assert.That(stdout, Does.Contain("used"));

        var (refusedExit, _, refusedErr) = Run("train", "--out", run, "--resume", "--revive-atoms", "5", "--device",
            "cpu");
        Assert.That(refusedExit, Is.EqualTo(1));
        Assert.That(refusedErr, Does.Contain("may change, not --revive-atoms"));

        var (zeroExit, _, zeroErr) = Run(
            [.. TrainingFixtures.QuickTrain, "--revive-atoms", "0", "--out", Path.Combine(_directory, "zero")]);
        Assert.That(zeroExit, Is.EqualTo(1));
        Assert.That(zeroErr, Does.Contain("revive_atoms_after must be at least 1 epoch, got 0"));
    }

    [Test]
    public void InputNoiseIsSavedInTheConfigAndKeptOnResume()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "2", "--input-noise", "1.5",
            "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.That(config.RootElement.GetProperty("input_noise").GetDouble(), Is.EqualTo(1.5));
        var (resumedExit, _, resumedErr) = Run("train", "--out", run, "--resume", "--epochs", "3", "--device", "cpu",
            "--no-cache");
        Assert.That(resumedExit, Is.EqualTo(0), resumedErr);
        var (changedExit, _, changedErr) = Run("train", "--out", run, "--resume", "--epochs", "4", "--input-noise",
            "2", "--device", "cpu");
        Assert.That(changedExit, Is.EqualTo(1));
        Assert.That(changedErr, Does.Contain("not --input-noise (saved 1.5, given 2)"));

        var (badExit, _, badErr) = Run([.. TrainingFixtures.QuickTrain, "--input-noise", "0",
            "--out", Path.Combine(_directory, "bad")]);
        Assert.That(badExit, Is.EqualTo(1));
        Assert.That(badErr, Does.Contain("input_noise must lie in (0, 10] extra hits per hit, got 0"));
    }

    [Test]
    public void InputDropIsSavedInTheConfigAndAResumeRefusesAChange()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "2", "--input-drop", "0.3",
            "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
        {
            Assert.That(config.RootElement.GetProperty("input_drop").GetDouble(), Is.EqualTo(0.3));
            Assert.That(config.RootElement.GetProperty("input_noise").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(config.RootElement.TryGetProperty("training_noise", out _), Is.False, "derived, not saved");
        }
        var (changedExit, _, changedErr) = Run("train", "--out", run, "--resume", "--epochs", "3", "--input-drop",
            "0.5", "--device", "cpu");
        Assert.That(changedExit, Is.EqualTo(1));
        Assert.That(changedErr, Does.Contain("not --input-drop (saved 0.3, given 0.5)"));

        var (badExit, _, badErr) = Run([.. TrainingFixtures.QuickTrain, "--input-drop", "1",
            "--out", Path.Combine(_directory, "bad")]);
        Assert.That(badExit, Is.EqualTo(1));
        Assert.That(badErr, Does.Contain("input_drop must lie in (0, 0.9], the share of the hits dropped, got 1"));
    }

    [Test]
    public void InputQuantizeIsSavedInTheConfigAndAResumeRefusesAChange()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "2", "--input-quantize",
            "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.That(config.RootElement.GetProperty("input_quantize").GetBoolean(), Is.True);
        var (changedExit, _, changedErr) = Run("train", "--out", run, "--resume", "--epochs", "3",
            "--input-quantize", "false", "--device", "cpu");
        Assert.That(changedExit, Is.EqualTo(1));
        Assert.That(changedErr, Does.Contain("not --input-quantize (saved true, given false)"));
    }

    [Test]
    public void ADivergingRunExitsNonZeroWithAClearMessage()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = Run(
            [.. TrainingFixtures.QuickTrain, "--epochs", "3", "--learning-rate", "1e30", "--out", run]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("error: training diverged: the "));
        Assert.That(File.Exists(Path.Combine(run, "model.safetensors")), Is.False);
    }

    [Test]
    public void AMissingDatasetFolderIsOneErrorLine()
    {
        var (exit, _, stderr) = Run("train", "--dataset", "groove", "--data", Path.Combine(_directory, "nowhere"),
            "--device", "cpu", "--out", Path.Combine(_directory, "run"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Where(line => line.StartsWith("error:")).ToList(), Has.Count.EqualTo(1));
        Assert.That(stderr, Does.Contain("no info.csv"));
    }

    [Test]
    public void ATornLastMetricsRowResumesWithAWarning()
    {
        string run = Path.Combine(_directory, "run");
        Assert.That(Run([.. TrainingFixtures.QuickTrain, "--epochs", "3", "--out", run]).Exit, Is.EqualTo(0));
        string metrics = Path.Combine(run, "metrics.csv");
        File.AppendAllText(metrics, "3,12,0.0121");   // as a full disk leaves a cut-short append

        var (exit, _, stderr) = Run("train", "--out", run, "--resume", "--epochs", "4", "--device", "cpu",
            "--no-cache");
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("metrics.csv:5: ignoring the torn last row '3,12,0.0121'"));
        Assert.That(MetricsCsv.Read(metrics).Select(row => row.Epoch), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void AFailedOverwriteOrAShorterResumeLeavesTheRunAsItWas()
    {
        string run = Path.Combine(_directory, "run");
        Assert.That(Run([.. TrainingFixtures.QuickTrain, "--epochs", "3", "--out", run]).Exit, Is.EqualTo(0));
        var before = Directory.GetFiles(run).ToDictionary(file => file, File.ReadAllBytes);

        var (overwriteExit, _, overwriteErr) = Run(
            [.. TrainingFixtures.QuickTrain, "--epochs", "1", "--init-atoms", "kmeans", "--atoms", "65", "--overwrite",
            "--out", run]);
        Assert.That(overwriteExit, Is.EqualTo(1), overwriteErr);
        var (shorterExit, _, shorterErr) = Run("train", "--out", run, "--resume", "--epochs", "2", "--device", "cpu",
            "--no-cache");
        Assert.That(shorterExit, Is.EqualTo(1), shorterErr);
        Assert.That(LastLine(shorterErr),
            Does.StartWith("error: ").And.Contain("holds 3 trained epochs, more than --epochs 2"));
        var (sameExit, _, sameErr) = Run("train", "--out", run, "--resume", "--epochs", "3", "--device", "cpu",
            "--no-cache");
        Assert.That(sameExit, Is.EqualTo(0), sameErr);
        Assert.That(LastLine(sameErr), Does.StartWith("already done: ").And.Contain("holds all 3 epochs"));
        var (defaultExit, _, defaultErr) = Run("train", "--out", run, "--resume", "--device", "cpu", "--no-cache");
        Assert.That(defaultExit, Is.EqualTo(0), defaultErr);
        Assert.That(LastLine(defaultErr), Does.StartWith("already done: "));
        var (bothExit, _, bothErr) = Run("train", "--out", run, "--resume", "--overwrite", "--epochs", "4",
            "--device", "cpu", "--no-cache");
        Assert.That(bothExit, Is.EqualTo(1), "--resume once ignored --overwrite");
        Assert.That(LastLine(bothErr), Is.EqualTo("error: --resume continues the run in --out and --overwrite "
            + "replaces it with a fresh one: give one of them"));

        Assert.That(Directory.GetFiles(run).ToDictionary(file => file, File.ReadAllBytes), Is.EqualTo(before));
    }

    [Test]
    public void TheOriginalCommandWithResumeAppendedIsAcceptedAndMoreEpochsContinueAtTheSchedulesEnds()
    {
        string run = Path.Combine(_directory, "run");
        string[] original = [.. TrainingFixtures.QuickTrain, "--preset", "synthetic", "--k-start", "3", "--k-end", "1",
            "--lr-schedule", "cosine", "--lr-min", "0.001", "--epochs", "3", "--out", run];
        Assert.That(Run(original).Exit, Is.EqualTo(0));

        var (sameExit, _, sameErr) = Run([.. original, "--resume"]);
        Assert.That(sameExit, Is.EqualTo(0), sameErr);
        Assert.That(sameErr, Does.Contain("already done"));

        var (longerExit, _, longerErr) = Run([.. original[..^4], "--epochs", "5", "--out", run, "--resume"]);
        Assert.That(longerExit, Is.EqualTo(0), longerErr);
        var rows = MetricsCsv.Read(Path.Combine(run, "metrics.csv"));
        Assert.That(rows.Select(row => row.K), Is.EqualTo(new[] { 3, 2, 1, 1, 1 }),
            "k ended at 1 after 3 epochs and stays there");
        Assert.That(rows[2].LearningRate, Is.GreaterThan(0.001f), "the third epoch of the 3 the cosine spans learns");
        Assert.That(rows.Skip(3).Select(row => row.LearningRate), Is.All.EqualTo(0.001f),
            "the cosine reached lr_min after its 3 epochs and stays there");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.That(
            (config.RootElement.GetProperty("epochs").GetInt32(), config.RootElement.GetProperty("k_epochs").GetInt32(),
            config.RootElement.GetProperty("lr_epochs").GetInt32()), Is.EqualTo((5, 3, 3)));

        var (changedExit, _, changedErr) = Run([.. original[..^4], "--learning-rate", "0.5", "--out", run, "--resume"]);
        Assert.That(changedExit, Is.EqualTo(1));
        Assert.That(changedErr, Does.Contain("not --learning-rate (saved 0.01, given 0.5)"));
    }

    [Test]
    public void ZeroEpochsWriteACompleteRunFolderThatResumes()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, stdout, stderr) = Run(
            [.. TrainingFixtures.QuickTrain, "--epochs", "0", "--init-atoms", "kmeans", "--encoder", "omp",
                "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(Directory.GetFiles(run).Select(Path.GetFileName),
            Is.EquivalentTo(
                new[] { "model.safetensors", "model.state.safetensors", "metrics.csv", "loss.png", "config.json" }));
        Assert.That(MetricsCsv.Read(Path.Combine(run, "metrics.csv")).Select(row => row.Epoch),
            Is.EqualTo(new[] { 0 }));
        Assert.That(stdout, Does.Contain("(0 epochs)").And.Contain("validation loss"));
        Assert.That(
            SafetensorsFile.Read(Path.Combine(run, "model.safetensors")).Metadata[ModelEncoder.MetadataKey],
            Is.EqualTo("omp"));

        var (resumeExit, _, resumeErr) = Run("train", "--out", run, "--resume", "--epochs", "2", "--device", "cpu",
            "--no-cache");
        Assert.That(resumeExit, Is.EqualTo(0), resumeErr);
        Assert.That(MetricsCsv.Read(Path.Combine(run, "metrics.csv")).Select(row => row.Epoch),
            Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void ZeroEpochsFromRandomAtomsIsOneErrorLine()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "0", "--out", run]);

        Assert.That(exit, Is.EqualTo(1));
        var errors = stderr.Trim().Split('\n').Where(line => line.StartsWith("error:")).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("learns nothing").And.Contain("--init-atoms kmeans"));
        Assert.That(Directory.Exists(run) && Directory.GetFiles(run).Any(file => file.EndsWith(".safetensors")),
            Is.False, "nothing was saved");
    }

    private static string LastLine(string text) => text.Trim().Split('\n')[^1];
}
