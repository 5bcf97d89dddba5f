using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Training.Revival;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

public class TrainingCheckpointTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void SavesAndRestoresModelMomentsStateOptionsAndRepresentation()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27), backend, seed: 5);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, Small.AdamSettings(0.01f));
        var first = Enumerable.Range(0, model.Parameters.TotalCount).Select(i => i * 0.5f).ToArray();
        var second = Enumerable.Range(0, model.Parameters.TotalCount).Select(i => i * 0.25f + 1).ToArray();
        optimizer.Restore(17, first, second);
        model.TopK = 2;
        var atoms = new AtomActivity([.. Enumerable.Range(0, Small.Atoms).Select(n => (long)n * 3)],
            [.. Enumerable.Range(0, Small.Atoms)], [new WorstFrame(5, 16, 2.5f), new WorstFrame(1, 0, 0.125f)],
            RevivalDeferred: true);
        var state = new TrainingState(4, 2, 17, 1.25, 96, 12.5, 9, 2, 0.005f, atoms);
        var representation = new RepresentationSettings(RepresentationKind.Pianoroll, 50);
        string path = Path.Combine(_directory, "model.safetensors");

        TrainingCheckpoint.Save(path, model, optimizer, state, Small, representation);
        var loaded = TrainingCheckpoint.Load(path, backend);

        using (loaded.Model)
        {
            Assert.That(loaded.Model.Parameters.Values.Length, Is.EqualTo(model.Parameters.TotalCount));
            var expected = new float[model.Parameters.TotalCount];
            var actual = new float[model.Parameters.TotalCount];
            backend.Download(model.Parameters.Values, expected);
            backend.Download(loaded.Model.Parameters.Values, actual);
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(loaded.Model.TopK, Is.EqualTo(2),
                "the checkpoint keeps the k in use, not the config's starting k");
            Assert.That(loaded.FirstMoment, Is.EqualTo(first));
            Assert.That(loaded.SecondMoment, Is.EqualTo(second));
            Assert.That(loaded.State, Is.EqualTo(state));
            Assert.That(loaded.Options.ToJson(), Is.EqualTo(Small.ToJson()));
            Assert.That(loaded.Representation, Is.EqualTo(representation));
        }
    }

    [Test]
    public void AStateWrittenBeforeRevivalExistedLoadsWithoutAtomActivity()
    {
        var current = new TrainingState(3, 0, 9, 0, 0, 1.5, 1, 1, 0.01f, AtomActivity.Start(4));
        var json = System.Text.Json.Nodes.JsonNode.Parse(current.ToJson())!.AsObject();
        Assert.That(json.Remove("atoms"), Is.True);
        string old = json.ToJsonString();

        Assert.That(old, Does.Not.Contain("atoms").And.Contain("\"epoch\":3"));
        Assert.That(TrainingState.FromJson(old, "old.safetensors"), Is.EqualTo(current with { Atoms = null }));
        Assert.That(current.ToJson(), Does.Not.Contain("revival_deferred"), "written only when a revival waits");
    }

    [Test]
    public void AModelFileWithoutOptimizerStateCannotBeResumed()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27), backend, seed: 5);
        string path = Path.Combine(_directory, "plain.safetensors");
        ModelCheckpoint.Save(path, model);

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, backend));
        Assert.That(error!.Message,
            Does.StartWith(path).And.Contain("only a checkpoint written by 'tcnwta train' can be resumed"));
    }

    [Test]
    public void AFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27), backend, seed: 5);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, Small.AdamSettings(0.01f));
        string path = Path.Combine(_directory, "model.safetensors");
        TrainingCheckpoint.Save(path, model, optimizer, TrainingState.Start(1, 1, 0.01f), Small,
            new RepresentationSettings(RepresentationKind.Groove));
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("the disk is full");
        }));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_directory).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "model.safetensors", "model.state.safetensors" }));
        Assert.That(TrainingCheckpoint.Load(path, backend).State.Epoch, Is.EqualTo(0));
    }

    [TestCase("\"epoch\":2147483647", "epoch 2147483647 lies outside [0, 2147483646]")]
    [TestCase("\"optimizer_step\":-1", "optimizer step -1 lies outside [0, 2147483646]")]
    [TestCase("\"seconds\":-5", "the training time -5 s is not a finite non-negative number")]
    [TestCase("\"atoms\":{\"wins\":[0,0],\"unused_epochs\":[0,0],\"worst_frames\":[],\"uncounted_revived\":-1}",
        "the atom activity counts -1 revived atoms of 2")]
    [TestCase("\"epoch\":\"x\"", "training state field 'epoch' must be a whole number, got \"x\"")]
    [TestCase("\"atoms\":{\"wins\":[\"x\"]}",
        "training state field 'atoms' holds a value of the wrong kind at 'atoms.wins[0]'")]
    public void ATrainingStateOutOfRangeOrOfTheWrongKindIsRejectedInPlainWords(string field, string problem)
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27), backend, seed: 5);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, Small.AdamSettings(0.01f));
        string path = Path.Combine(_directory, "model.safetensors");
        TrainingCheckpoint.Save(path, model, optimizer, TrainingState.Start(1, 1, 0.01f), Small,
            new RepresentationSettings(RepresentationKind.Groove));
        string statePath = TrainingCheckpoint.StatePathOf(path);
        var (tensors, metadata) = SafetensorsFile.Read(statePath);
        var state = System.Text.Json.Nodes.JsonNode.Parse(metadata[TrainingCheckpoint.StateKey])!.AsObject();
        var (key, value) = (field.Split(':', 2)[0].Trim('"'), field.Split(':', 2)[1]);
        state[key] = System.Text.Json.Nodes.JsonNode.Parse(value);
        metadata[TrainingCheckpoint.StateKey] = state.ToJsonString();
        SafetensorsFile.Write(statePath, [.. tensors.Values], metadata);

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, backend))!;

        Assert.That(error.Message, Is.EqualTo($"{statePath}: the training state is invalid: {problem}"));
    }
}
