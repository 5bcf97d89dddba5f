using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Tests.TrainingTests;
using TcnWtaNative.Training.Checkpoints;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// SIGINT and SIGTERM sent to a child `tcnwta` process, as a shell, `timeout` or a container stop sends them.
/// </summary>
[NonParallelizable]
public class StopSignalTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private string Run => Path.Combine(_directory, "run");

    private CliProcess StartTraining(params string[] extra) => CliProcess.Start(
        ["train", "--preset", "synthetic", "--epochs", "100000", "--device", "cpu", "--no-cache", "--out", Run,
            .. extra]);

    private bool TrainedAnEpoch() =>
        File.Exists(Path.Combine(Run, "metrics.csv")) && File.ReadLines(Path.Combine(Run, "metrics.csv")).Count() >= 2;

    [TestCase("INT", 130)]
    [TestCase("TERM", 143)]
    public void OneSignalFinishesTheStepSavesAndExits(string signal, int exitCode)
    {
        using var child = StartTraining();
        child.WaitUntil(TrainedAnEpoch, "the first epoch");
        child.Signal(signal);
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(exitCode), stderr);
        Assert.That(stderr, Does.Contain("saved").And.Contain("--resume").And.Not.Contain("Unhandled"));
        using var backend = new CpuBackend();
        var resume = TrainingCheckpoint.Load(Path.Combine(Run, "model.safetensors"), backend);
        resume.Model.Dispose();
        Assert.That(resume.State.CompletedEpochs, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void ASecondSignalQuitsCleanly()
    {
        using var child = StartTraining();
        child.WaitUntil(TrainedAnEpoch, "the first epoch");
        child.Signal("TERM");
        child.Signal("TERM");
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(143), stderr);
        Assert.That(stderr, Does.Not.Contain("Unhandled").And.Not.Contain("Exception"));
    }

    [Test]
    public void ASignalWhileTheDataLoadsIsHonoured()
    {
        using var child = StartTraining("--samples", "400000");
        child.WaitUntil(() => child.Err.Contains("device:"), "the device line, printed before the data loads");
        child.Signal("INT");
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(130), stderr);
        Assert.That(stderr, Does.Not.Contain("Unhandled"));
    }

    [Test]
    public void BenchStopsAtOnce()
    {
        using var child = CliProcess.Start("bench", "--device", "cpu", "--steps", "1000000");
        child.WaitUntil(() => child.Err.Contains("measuring cpu"), "the timed steps");
        child.Signal("TERM");
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(143), stderr);
        Assert.That(stderr, Does.Not.Contain("Unhandled"));
    }
}
