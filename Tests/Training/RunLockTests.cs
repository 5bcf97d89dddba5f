using System.Diagnostics;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using static TcnWtaNative.Tests.Support.CliRunner;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>One writer per run folder: the .lock that `tcnwta train` holds in --out.</summary>
[NonParallelizable]
public class RunLockTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ASecondWriterIsRefusedWithTheHoldersPid()
    {
        string run = Path.Combine(_directory, "run");
        using var first = CliProcess.Start([.. TrainingFixtures.QuickTrain, "--epochs", "100000", "--out", run]);
        first.WaitUntil(() => File.Exists(Path.Combine(run, "metrics.csv")), "the first run's metrics.csv");

        foreach (var mode in new[] { "--overwrite", "--resume" })
        {
            var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "1", "--out", run, mode]);
            Assert.That(exit, Is.EqualTo(1), mode);
            string expected = $"error: {run} is in use by another run (process {first.Id}, lock "
                + $"file {RunLock.PathIn(run)})";
            Assert.That(stderr.Trim(), Is.EqualTo(expected), mode);
        }
        first.Signal("TERM");
        Assert.That(first.Finish().Exit, Is.EqualTo(143));
        Assert.That(File.Exists(RunLock.PathIn(run)), Is.False, "the lock goes with its run");
    }

    [Test]
    public void AStaleLockIsTakenOverWithAWarning()
    {
        string run = Path.Combine(_directory, "run");
        Directory.CreateDirectory(run);
        using (var gone = Process.Start("true"))
        {
            gone.WaitForExit();
            File.WriteAllText(RunLock.PathIn(run), $"{gone.Id}\n");
        }
        var (exit, _, stderr) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "1", "--out", run]);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("which is no longer running; taking it over"));
        Assert.That(File.Exists(RunLock.PathIn(run)), Is.False);
    }

    [Test]
    public void AFolderCreatedForARefusedRunIsRemoved()
    {
        string run = Path.Combine(_directory, "new");
        var (exit, _, _) = Run([.. TrainingFixtures.QuickTrain, "--epochs", "1", "--atoms", "0", "--out", run]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(Directory.Exists(run), Is.False);
    }

    [Test]
    public void TheParentFoldersCreatedForAFailedRunAreRemovedAndNoOthers()
    {
        string kept = Path.Combine(_directory, "kept-empty"), run = Path.Combine(kept, "new", "deeper", "run");
        Directory.CreateDirectory(kept);

        using (RunLock.Acquire(run, _ => { })) Assert.That(Directory.Exists(run));

        Assert.That(Directory.Exists(Path.Combine(kept, "new")), Is.False, "new/deeper/run was made for the run");
        Assert.That(Directory.Exists(kept), "an empty folder that was there before stays");
    }

    [Test]
    public void AFolderCreatedForARunThatHoldsFilesStays()
    {
        string parent = Path.Combine(_directory, "parent"), run = Path.Combine(parent, "run");

        using (RunLock.Acquire(run, _ => { })) File.WriteAllText(Path.Combine(run, "model.safetensors"), "saved");

        Assert.That(File.Exists(Path.Combine(run, "model.safetensors")));
        Assert.That(Directory.Exists(parent));
    }
}
