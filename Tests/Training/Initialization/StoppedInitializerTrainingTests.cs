using System.Numerics.Tensors;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.TrainingTests;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Metrics;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.Training.Initialization;

/// <summary>
/// A fresh run whose atom initializer is cancelled (as `train` does on a first signal): the trainer saves the atoms the
/// initializer left, with a state and model metadata that say where it stopped, and returns Interrupted; --resume then
/// trains epochs from those atoms. The cancel comes from the initializer's own progress report, so where it stops does
/// not depend on timing.
/// </summary>
public class StoppedInitializerTrainingTests : RunFolderTests
{
    // the initializer alone (0 epochs), or one epoch after it where the initializer fits nothing (frames)
    private static TrainingOptions Fit(AtomInitialization initialization) => Small with
    {
        InitAtoms = initialization, Epochs = initialization == AtomInitialization.Frames ? 1 : 0,
    };

    // a fresh run of options into run whose initializer is cancelled when it reports step done of stage
    private static TrainingOutcome StopAt(CpuBackend backend, TrainingOptions options, RunFolder run, string stage,
        int done)
    {
        using var source = new CancellationTokenSource();
        void Cancel(InitializationReport report)
        {
            if (report.Name == stage && report.Done == done) source.Cancel();
        }
        using var trainer = new Trainer(options, TrainingDataLoader.Load(options, cache: null), backend, run,
            initializing: Cancel, stopInitializer: source.Token);
        return trainer.Run(cancel: source.Token);
    }

    [TestCase(AtomInitialization.Kmeans, KMeans.SeedingStage, 3, 1, 2)]
    [TestCase(AtomInitialization.Kmeans, KMeans.RoundsStage, 1, 2, 2)]
    [TestCase(AtomInitialization.Frames, KMeans.SeedingStage, 5, 1, 1)]
    public void AStoppedInitializerSavesWholeAtomsThatSayWhereItStopped(AtomInitialization initialization,
        string stage, int done, int stageNumber, int stages)
    {
        using var backend = new CpuBackend();
        var options = Fit(initialization);

        var outcome = StopAt(backend, options, Run("a"), stage, done);
        StopAt(backend, options, Run("b"), stage, done);

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Interrupted), outcome.Message);
        string name = TrainingOptions.OptionsName(initialization);
        Assert.That(outcome.Message, Does.StartWith(
            $"interrupted in the atom initializer: --init-atoms {name} stopped after {stage} {done}/"));
        int total = stage == KMeans.SeedingStage ? options.Atoms : 30;
        var expected = new InitializerStop(name, stageNumber, stages, stage, done, total);
        var resume = TrainingCheckpoint.Load(Run("a").Model, backend);
        using (resume.Model)
        {
            Assert.That(resume.State.InitializerStopped, Is.EqualTo(expected));
            Assert.That(resume.State.CompletedEpochs, Is.Zero);
            var atoms = new float[resume.Model.Atoms.Count];
            backend.Download(resume.Model.Atoms.Value, atoms);
            var config = resume.Model.Config;
            Assert.That(atoms, Has.Length.EqualTo(config.Atoms * config.InputChannels * config.FrameLength));
            Assert.That(atoms, Has.All.Matches<float>(float.IsFinite));
            for (int n = 0; n < config.Atoms; n++)
                Assert.That(TensorPrimitives.Norm<float>(atoms.AsSpan(n * atoms.Length / config.Atoms,
                    atoms.Length / config.Atoms)), Is.GreaterThan(0), $"atom {n} holds a frame or a mean");
        }
        var metadata = SafetensorsFile.Read(Run("a").Model).Metadata;
        Assert.That(InitializerStop.FromJson(metadata[InitializerStop.MetadataKey]), Is.EqualTo(expected));
        Assert.That(MetricsCsv.Read(Run("a").Metrics), Is.Empty, "no loss pass delays the exit");
        Assert.That(Tensors(Run("a").Model), Is.EqualTo(Tensors(Run("b").Model)), "the same stop, the same atoms");
    }

    [Test]
    public void ACancelAfterTheInitializersLastStepIsNoStop()
    {
        using var backend = new CpuBackend();
        var options = Fit(AtomInitialization.Kmeans);

        var outcome = StopAt(backend, options, Run("late"), KMeans.RoundsStage, 30);
        Train(backend, options, Run("whole"));

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Interrupted), outcome.Message);
        Assert.That(outcome.Message, Does.StartWith("interrupted while measuring the initialized model's loss"),
            "the stop lands in the loss passes after the initializer, not in it");
        Assert.That(SafetensorsFile.Read(Run("late").Model).Metadata.Keys,
            Has.None.EqualTo(InitializerStop.MetadataKey));
        Assert.That(SafetensorsFile.Read(TrainingCheckpoint.StatePathOf(Run("late").Model)).Metadata[
            TrainingCheckpoint.StateKey], Does.Not.Contain("initializer_stopped"));
        Assert.That(Tensors(Run("late").Model), Is.EqualTo(Tensors(Run("whole").Model)), "the whole initializer's");
    }

    [Test]
    public void ResumingTrainsEpochsFromTheAtomsTheInitializerLeft()
    {
        using var backend = new CpuBackend();
        var options = Fit(AtomInitialization.Kmeans);
        StopAt(backend, options, Run("stopped"), KMeans.RoundsStage, 1);
        var stopped = Tensors(Run("stopped").Model);

        var saved = TrainingCheckpoint.Load(Run("stopped").Model, backend);
        saved.Model.Dispose();
        var refused = Assert.Throws<ArgumentException>(
            () => ResumeEpochs.AlreadyDone(saved.State, 0, Run("stopped").Model))!;
        Assert.That(refused.Message, Does.Contain("--resume does not continue the initializer")
            .And.Contain("k-means rounds 1/30 (stage 2 of 2)"));
        Assert.That(ResumeEpochs.AlreadyDone(saved.State, 2, Run("stopped").Model), Is.Null);

        var trained = Train(backend, options with { Epochs = 2 }, Run("stopped"),
            TrainingCheckpoint.Load(Run("stopped").Model, backend));

        Assert.That(trained.End, Is.EqualTo(TrainingEnd.Completed), trained.Message);
        Assert.That(trained.Metrics.Select(row => row.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(Tensors(Run("stopped").Model)["decoder.weight"], Is.Not.EqualTo(stopped["decoder.weight"]),
            "the atoms trained on");
        Assert.That(SafetensorsFile.Read(Run("stopped").Model).Metadata[InitializerStop.MetadataKey],
            Does.Contain("\"done\":1"), "the model still says where its atoms came from");
    }
}
