using System.Diagnostics;
using TcnWtaNative.Cli;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Tests.TrainingTests;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// SIGINT and SIGTERM sent to a child `tcnwta` process, as a shell, `timeout` or a container stop sends them; a command
/// they end mid-write leaves its output as it was.
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
    public void OneSignalInTheAtomInitializerSavesTheAtomsItLeft()
    {
        // groove-best's kmeans-union on 200 files: the union-code Lloyd rounds (stage 3) take seconds each, so the
        // signal sent once the k-means rounds end lands in them, long before the tenth
        using var child = CliProcess.Start(TimeSpan.FromMinutes(3), ["train", "--dataset", "groove", "--data",
            TestData.GrooveDir(), "--preset", "groove-best", "--max-files", "200", "--atoms", "800", "--device", "cpu",
            "--no-cache", "--out", Run]);
        child.WaitUntil(() => child.Out.Contains($"{KMeans.RoundsStage} 30/30 (stage 2 of 3)"),
            "the end of the k-means rounds");
        child.Signal("INT");
        var (exit, stdout, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(130), stderr);
        Assert.That(stderr, Does.Contain("finishing the atom initializer's current round")
            .And.Contain("interrupted in the atom initializer: --init-atoms kmeans-union stopped after ")
            .And.Contain("--resume --epochs N").And.Not.Contain("Unhandled"));
        Assert.That(stdout, Does.Not.Contain("done:"));
        string model = Path.Combine(Run, "model.safetensors");
        using var backend = new CpuBackend();
        var resume = TrainingCheckpoint.Load(model, backend);
        resume.Model.Dispose();
        var stop = resume.State.InitializerStopped!;
        Assert.That(stop, Is.Not.Null);
        Assert.That((stop.Initializer, stop.Stages), Is.EqualTo(("kmeans-union", 3)));
        Assert.That(stop.Stage == 2 && stop.Done == 30 || stop.Stage == 3 && stop.Done < 10, stop.Describe());
        Assert.That(stderr, Does.Contain(stop.Describe()));
        Assert.That(InitializerStop.FromJson(SafetensorsFile.Read(model).Metadata[InitializerStop.MetadataKey]),
            Is.EqualTo(stop));
    }

    [Test]
    public void ASecondSignalQuitsCleanly()
    {
        // another signal at once is a second stop; the same signal again is one only after RepeatWindow (the two tests
        // below)
        using var child = StartTraining();
        child.WaitUntil(TrainedAnEpoch, "the first epoch");
        child.Signal("TERM");
        child.Signal("INT");
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(143).Or.EqualTo(130), stderr);
        Assert.That(stderr, Does.Contain("second signal: quitting without saving"));
        Assert.That(stderr, Does.Not.Contain("Unhandled").And.Not.Contain("Exception"));
    }

    [Test]
    public void TheSameSignalTwiceAtOnceIsOneStopAsTimeoutSendsIt()
    {
        // GNU timeout signals the command, then its own process group, which holds the command: two TERMs at once
        using var child = StartTraining();
        child.WaitUntil(TrainedAnEpoch, "the first epoch");
        child.Signal("TERM");
        child.Signal("TERM");
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(143), stderr);
        Assert.That(stderr, Does.Contain("saved").And.Not.Contain("second signal"));
    }

    [Test]
    public void ASignalRepeatsTheFirstOnlyWhenItIsTheSameAndSoon()
    {
        long first = Stopwatch.GetTimestamp();
        long soon = first + (long)(Stopwatch.Frequency * StopSignals.RepeatWindow.TotalSeconds / 2);
        long late = first + (long)(Stopwatch.Frequency * StopSignals.RepeatWindow.TotalSeconds * 2);

        Assert.That(StopSignals.IsRepeat(143, first, 143, soon), Is.True);
        Assert.That(StopSignals.IsRepeat(143, first, 143, late), Is.False, "the same signal, later: a second stop");
        Assert.That(StopSignals.IsRepeat(143, first, 130, soon), Is.False, "Ctrl-C after a TERM: a second stop");
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

    [TestCase("INT", 130)]
    [TestCase("TERM", 143)]
    public void ASignalDuringAWavRenderLeavesTheOldFileAndNoTemporaryOne(string signal, int exitCode)
    {
        string midi = Path.Combine(_directory, "dense.mid"), wav = Path.Combine(_directory, "out.wav");
        MidiOutput.Write(PianoMidi.ToSong(DenseNotes(minutes: 10)), midi);
        File.WriteAllText(wav, "old");
        using var child = CliProcess.Start("midi", "render", midi, wav, "--overwrite");
        child.WaitUntil(() => Temporaries().Length > 0, "the render's temporary file");

        child.Signal(signal);
        var (exit, _, stderr) = child.Finish();

        Assert.That(exit, Is.EqualTo(exitCode), stderr);
        Assert.That(Temporaries(), Is.Empty, "no temporary file is left");
        Assert.That(File.ReadAllText(wav), Is.EqualTo("old"), "the old file is kept");
    }

    private string[] Temporaries() => Directory.GetFiles(_directory, ".out.wav.*.tmp");

    // every key of the piano struck every two seconds: many voices sound at once, so the render takes seconds
    private static List<TimedNote> DenseNotes(int minutes)
    {
        var notes = new List<TimedNote>();
        for (double start = 0; start < minutes * 60; start += 2)
            for (int pitch = 21; pitch <= 108; pitch++)
                notes.Add(new TimedNote(pitch, 80, start + pitch * 0.01, start + pitch * 0.01 + 1.5));
        return notes;
    }
}
