using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Metrics;
using TcnWtaNative.Training.Schedules;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// A session's config.json and metrics.csv wait for its first checkpoint: a run that stops before it leaves the run
/// folder as it found it, one that stops after it keeps its files.
/// </summary>
public class StagedRunFilesTests : RunFolderTests
{
    [Test]
    public void ANaNBeforeTheFirstCheckpointLeavesNoRunFilesThoughAnEpochHadFinished()
    {
        using var backend = new CpuBackend();
        var run = Run("nan");
        var clean = SyntheticDrums.Generate(Small.Samples, Small.Seed);

        var outcome = Train(backend, Small with { CheckpointEvery = 3 }, run,
            train: SpoiledSet.Poisoned(clean, fromGather: 4)); // 3 batches per epoch: epoch 2's first batch

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Diverged));
        Assert.That(outcome.Metrics.Select(row => row.Epoch), Is.EqualTo(new[] { 1 }), "epoch 1 had its row");
        Assert.That(outcome.Message, Does.StartWith("training diverged: the training loss is NaN at epoch 2, batch 1")
            .And.Contain("no checkpoint had been written yet").And.Not.Contain("\n"));
        Assert.That(Entries(run), Is.Empty, "no config.json or metrics.csv of a run that saved nothing");
    }

    [Test]
    public void AnExceptionBeforeTheFirstCheckpointLeavesNoRunFiles()
    {
        using var backend = new CpuBackend();
        var run = Run("failing");
        var clean = SyntheticDrums.Generate(Small.Samples, Small.Seed);

        Assert.That(() => Train(backend, Small, run, train: SpoiledSet.Failing(clean, 2, new IOException("gone"))),
            Throws.InstanceOf<IOException>().With.Message.EqualTo("gone"));
        Assert.That(Entries(run), Is.Empty);
    }

    [Test]
    public void AFreshRunThatDivergesOverAnOldOneLeavesTheOldFilesAsTheyWere()
    {
        using var backend = new CpuBackend();
        var run = OldRun(backend, "kept");
        var before = Directory.GetFiles(run.Directory).ToDictionary(file => file, File.ReadAllBytes);

        var outcome = Train(backend, Small with { LearningRate = 1e30f, LrSchedule = LearningRateShape.Constant }, run);

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Diverged));
        Assert.That(Directory.GetFiles(run.Directory).ToDictionary(file => file, File.ReadAllBytes),
            Is.EqualTo(before));
    }

    [Test]
    public void AFreshRunReplacesTheOldRunsFilesAndPlotOnceItSaves()
    {
        using var backend = new CpuBackend();
        var run = OldRun(backend, "replaced");

        var outcome = Train(backend, Small with { Epochs = 1 }, run);

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Completed), outcome.Message);
        Assert.That(MetricsCsv.Read(run.Metrics).Select(row => row.Epoch), Is.EqualTo(new[] { 1 }), "not 1, 2, 3");
        Assert.That(File.Exists(run.LossPlot), Is.False, "the plot of the replaced run is gone");
    }

    [TestCase("metrics.csv")]
    [TestCase("loss.png")]
    [TestCase("config.json")]
    public void AFolderWhereAnOldRunFileWasStopsAFreshRunBeforeItReplacesTheCheckpoint(string file)
    {
        using var backend = new CpuBackend();
        var run = OldRun(backend, "blocked");
        string blocked = Path.Combine(run.Directory, file);
        File.Delete(blocked);
        Directory.CreateDirectory(blocked);
        var before = Directory.GetFiles(run.Directory).ToDictionary(path => path, File.ReadAllBytes);

        var error = Assert.Throws<IOException>(() => Train(backend, Small with { Epochs = 1 }, run))!;

        Assert.That(error.Message, Does.StartWith($"{blocked} is a folder; ").And.Not.Contain("\n"));
        Assert.That(Directory.GetFiles(run.Directory).ToDictionary(path => path, File.ReadAllBytes),
            Is.EqualTo(before), "the old run's model, state and other files are as they were");
    }

    // a run folder holding a completed run of 3 epochs and a loss plot, as `train` leaves one
    private RunFolder OldRun(CpuBackend backend, string name)
    {
        var run = Run(name);
        Assert.That(Train(backend, Small with { Epochs = 3 }, run).End, Is.EqualTo(TrainingEnd.Completed));
        File.WriteAllText(run.LossPlot, "the old run's plot");
        return run;
    }

    // what the run folder holds (nothing when it does not exist)
    private static string[] Entries(RunFolder run)
        => Directory.Exists(run.Directory) ? Directory.GetFileSystemEntries(run.Directory) : [];
}
