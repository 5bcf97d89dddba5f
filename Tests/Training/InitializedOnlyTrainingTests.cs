using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Metrics;
using TcnWtaNative.Training;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// A run of 0 epochs: the model as its atom initializer fit it, saved with an "epoch 0" metrics row, and resumable.
/// </summary>
public class InitializedOnlyTrainingTests : RunFolderTests
{
    private static TrainingOptions KMeansStart => Small with { InitAtoms = AtomInitialization.Kmeans };

    [Test]
    public void ZeroEpochsSaveTheInitializersAtomsWithTheirLossesAsEpochZero()
    {
        using var backend = new CpuBackend();
        var options = KMeansStart with { Epochs = 0 };
        var outcome = Train(backend, options, Run("fit"));

        Assert.That(outcome.End, Is.EqualTo(TrainingEnd.Completed), outcome.Message);
        Assert.That(outcome.Message, Does.Contain("--init-atoms kmeans alone"));
        var row = MetricsCsv.Read(Run("fit").Metrics).Single();
        Assert.That((row.Epoch, row.Step, row.K), Is.EqualTo((0, 0, options.KStart)));
        Assert.That(row.TrainLoss, Is.GreaterThan(0).And.LessThan(1));
        Assert.That(row.ValidationLoss, Is.GreaterThan(0).And.LessThan(1));
        Assert.That(File.Exists(Run("fit").Config), "config.json");

        var data = TrainingDataLoader.Load(options, cache: null);
        using var initialized = new Trainer(options, data, backend, Run("unsaved"));
        var expected = new float[initialized.Model.Parameters.TotalCount];
        backend.Download(initialized.Model.Parameters.Values, expected);
        using var saved = ModelCheckpoint.Load(Run("fit").Model, backend).Model;
        var actual = new float[saved.Parameters.TotalCount];
        backend.Download(saved.Parameters.Values, actual);
        Assert.That(actual, Is.EqualTo(expected), "the saved weights are the initializer's, untouched");
        Assert.That(Directory.Exists(Run("unsaved").Directory), Is.False, "constructing a trainer writes nothing");
    }

    [Test]
    public void ResumingAZeroEpochRunMatchesTrainingFromTheStart()
    {
        using var backend = new CpuBackend();
        var whole = Train(backend, KMeansStart with { Epochs = 3 }, Run("whole"));
        Train(backend, KMeansStart with { Epochs = 0 }, Run("fit"));

        var resumed = Train(backend, KMeansStart with { Epochs = 3 }, Run("fit"),
            TrainingCheckpoint.Load(Run("fit").Model, backend));

        Assert.That(resumed.End, Is.EqualTo(TrainingEnd.Completed), resumed.Message);
        Assert.That(resumed.Metrics.Select(row => row.Epoch), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(Losses(resumed.Metrics.Skip(1)), Is.EqualTo(Losses(whole.Metrics)));
        Assert.That(Tensors(Run("fit").Model), Is.EqualTo(Tensors(Run("whole").Model)),
            "parameters and Adam's moments");
    }

    [Test]
    public void AStopDuringTheLossPassesKeepsTheSavedAtomsAndResumes()
    {
        using var backend = new CpuBackend();
        var whole = Train(backend, KMeansStart with { Epochs = 3 }, Run("whole"));
        Train(backend, KMeansStart with { Epochs = 0 }, Run("measured"));
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var stopped = Train(backend, KMeansStart with { Epochs = 0 }, Run("stopped"), cancel: stop.Token);

        Assert.That(stopped.End, Is.EqualTo(TrainingEnd.Interrupted), stopped.Message);
        Assert.That(stopped.Message, Does.StartWith("interrupted while measuring the initialized model's loss; ")
            .And.Contains("--resume"));
        Assert.That(MetricsCsv.Read(Run("stopped").Metrics), Is.Empty, "no loss was measured");
        Assert.That(Tensors(Run("stopped").Model), Is.EqualTo(Tensors(Run("measured").Model)),
            "the atoms are saved before the passes");
        var resumed = Train(backend, KMeansStart with { Epochs = 3 }, Run("stopped"),
            TrainingCheckpoint.Load(Run("stopped").Model, backend));
        Assert.That(resumed.Metrics.Select(row => row.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(Losses(resumed.Metrics), Is.EqualTo(Losses(whole.Metrics)));
    }

    [Test]
    public void TheApplicationCoderLandsInTheModelFile()
    {
        using var backend = new CpuBackend();
        Train(backend, KMeansStart with { Epochs = 0, Encoder = CodeEncoder.Union }, Run("union"));
        Train(backend, Small with { Epochs = 1 }, Run("default"));

        Assert.That(SafetensorsFile.Read(Run("union").Model).Metadata[ModelEncoder.MetadataKey],
            Is.EqualTo("union"));
        Assert.That(SafetensorsFile.Read(Run("default").Model).Metadata[ModelEncoder.MetadataKey],
            Is.EqualTo("wta"));
    }
}
