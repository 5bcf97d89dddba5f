using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Optimization;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// A training checkpoint as a weights-only model file plus a state file beside it, and old single-file checkpoints.
/// </summary>
public class SlimCheckpointTests
{
    private static readonly RepresentationSettings Groove = new(RepresentationKind.Groove);
    private string _directory = "";
    private CpuBackend _backend = null!;

    [SetUp]
    public void CreateDirectory() => (_directory, _backend) = (TempRun(), new CpuBackend());

    [TearDown]
    public void RemoveDirectory()
    {
        _backend.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    // a model with distinct Adam moments, saved as a training checkpoint at path
    private Autoencoder SaveCheckpoint(string path, int seed = 5)
    {
        var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27), _backend, seed);
        using var optimizer = new AdamOptimizer(_backend, model.Parameters, Small.AdamSettings(0.01f));
        int count = model.Parameters.TotalCount;
        optimizer.Restore(7, [.. Enumerable.Range(0, count).Select(i => i * 0.5f)],
            [.. Enumerable.Range(0, count).Select(i => i + 1f)]);
        TrainingCheckpoint.Save(path, model, optimizer, new TrainingState(2, 0, 7, 0, 0, 1.5, 1, 2, 0.01f), Small,
            Groove);
        return model;
    }

    [Test]
    public void TheModelFileHoldsTheWeightsAloneAndTheStateFileTheRest()
    {
        string path = PathOf("model.safetensors");
        using var model = SaveCheckpoint(path);

        var (tensors, metadata) = SafetensorsFile.Read(path);
        Assert.That(tensors.Keys, Is.EquivalentTo(model.Parameters.All.Select(p => p.Name)));
        Assert.That(metadata.Keys,
            Is.EquivalentTo(
                new[] { ModelCheckpoint.FormatKey, ModelCheckpoint.ConfigKey, RepresentationSettings.MetadataKey,
                ModelMeter.MetadataKey, ModelEncoder.MetadataKey }));
        Assert.That(new FileInfo(path).Length, Is.LessThan(4L * model.Parameters.TotalCount + 4096),
            "the weights and a small header");
        var (stateTensors, stateMetadata) = SafetensorsFile.Read(PathOf("model.state.safetensors"));
        Assert.That(stateTensors.Keys,
            Is.EquivalentTo(new[] { TrainingCheckpoint.FirstMomentName, TrainingCheckpoint.SecondMomentName }));
        Assert.That(stateMetadata.Keys,
            Does.Contain(TrainingCheckpoint.StateKey).And.Contain(TrainingCheckpoint.OptionsKey));
        Assert.That(TrainingCheckpoint.Load(path, _backend).State.OptimizerStep, Is.EqualTo(7));
    }

    [Test]
    public void AMissingStateFileIsAClearError()
    {
        string path = PathOf("model.safetensors");
        SaveCheckpoint(path).Dispose();
        File.Delete(TrainingCheckpoint.StatePathOf(path));

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, _backend))!;

        Assert.That(error.Message,
            Does.StartWith($"{path}: no training state beside it ({PathOf("model.state.safetensors")} is missing)"));
    }

    [Test]
    public void AStateFileOfOtherWeightsIsRefused()
    {
        string path = PathOf("model.safetensors"), other = PathOf("other.safetensors");
        SaveCheckpoint(path, seed: 5).Dispose();
        SaveCheckpoint(other, seed: 6).Dispose();
        File.Copy(TrainingCheckpoint.StatePathOf(other), TrainingCheckpoint.StatePathOf(path), overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, _backend))!;

        Assert.That(error.Message,
            Does.StartWith(
                $"{TrainingCheckpoint.StatePathOf(path)} does not belong to {path}: it was saved with other weights"));
    }

    [Test]
    public void ANonFiniteMomentInTheStateFileIsNamed()
    {
        string path = PathOf("model.safetensors"), statePath = TrainingCheckpoint.StatePathOf(path);
        SaveCheckpoint(path).Dispose();
        PoisonedSafetensors.Poison(statePath, TrainingCheckpoint.SecondMomentName, 3, float.NaN);

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, _backend))!;

        Assert.That(error.Message,
            Is.EqualTo(
                $"{statePath}: tensor {TrainingCheckpoint.SecondMomentName} holds NaN at value 3; every "
                + "stored value must be finite"));
    }

    [Test]
    public void AWriteThatFailsOnTheSecondFileLeavesBothAsTheyWere()
    {
        string path = PathOf("model.safetensors"), statePath = TrainingCheckpoint.StatePathOf(path);
        SaveCheckpoint(path).Dispose();
        var before = Directory.GetFiles(_directory).ToDictionary(file => file, File.ReadAllBytes);

        Assert.Throws<IOException>(() => AtomicFile.WriteAll([(statePath, stream => stream.Write(new byte[100])),
            (path, _ => throw new IOException("the disk is full"))]));

        Assert.That(Directory.GetFiles(_directory).ToDictionary(file => file, File.ReadAllBytes), Is.EqualTo(before),
            "no file changed, no temporary left");
        using var resumed = TrainingCheckpoint.Load(path, _backend).Model;
    }

    [Test]
    public void StaleTemporaryFilesOfTheStateFileAreRemovedOnTheNextSave()
    {
        string path = PathOf("model.safetensors");
        string dead = PathOf($".model.state.safetensors.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(dead, "partial");

        SaveCheckpoint(path).Dispose();

        Assert.That(File.Exists(dead), Is.False);
    }

    [Test]
    public void AnOldSingleFileCheckpointStillResumesAndLoads()
    {
        string path = PathOf("model.safetensors");
        using var model = SaveCheckpoint(path);
        var saved = TrainingCheckpoint.Load(path, _backend);
        saved.Model.Dispose();
        var (stateTensors, stateMetadata) = SafetensorsFile.Read(TrainingCheckpoint.StatePathOf(path));
        var metadata = stateMetadata.Where(pair => pair.Key is TrainingCheckpoint.StateKey
            or TrainingCheckpoint.OptionsKey)
            .Append(KeyValuePair.Create(RepresentationSettings.MetadataKey, Groove.ToJson())).ToDictionary();
        ModelCheckpoint.Save(path, model, [.. stateTensors.Values], metadata);   // as checkpoints were
                                                                                 // written before the split
        File.Delete(TrainingCheckpoint.StatePathOf(path));

        var old = TrainingCheckpoint.Load(path, _backend);

        using (old.Model)
        {
            Assert.That((old.FirstMoment, old.SecondMoment, old.State),
                Is.EqualTo((saved.FirstMoment, saved.SecondMoment, saved.State)));
            Assert.That(old.Options.ToJson(), Is.EqualTo(saved.Options.ToJson()));
        }
        using var applied = TcnWtaNative.Training.Applications.TrainedModel.Load(path, _backend);
        Assert.That(applied.Representation.Settings, Is.EqualTo(Groove));
    }
}
