using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

public class CheckpointTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("tcnwta-checkpoint-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static readonly AutoencoderConfig Config = new()
    {
        InputChannels = 5, Atoms = 7, FrameLength = 4, TcnWidths = [6, 6], TcnKernel = 3,
        Sparsity = SparsityKind.ChannelTopK, TopK = 2,
    };

    [Test]
    public void SavedAndLoadedModelGivesIdenticalOutputs()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 3);
        var values = Enumerable.Range(0, 2 * 5 * 16).Select(i => MathF.Sin(i * 0.7f)).ToArray();
        using var input = Tensor.FromHost(backend, values, 2, 5, 16);
        var before = model.Forward(input).ToHost(backend);
        string path = Path.Combine(_directory, "model.safetensors");

        ModelCheckpoint.Save(path, model, [new NamedTensor("optimizer.m", [3], [1f, 2f, 3f])],
            new Dictionary<string, string> { ["epoch"] = "4" });
        var loaded = ModelCheckpoint.Load(path, backend);

        Assert.That(loaded.Model.Config.TcnWidths, Is.EqualTo(Config.TcnWidths));
        Assert.That(loaded.Model.Forward(input).ToHost(backend), Is.EqualTo(before));
        Assert.That(loaded.ExtraTensors["optimizer.m"].Values, Is.EqualTo(new[] { 1f, 2f, 3f }));
        Assert.That(loaded.Metadata["epoch"], Is.EqualTo("4"));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1),
            "the atomic write left a temporary file behind");
    }

    [TestCase("truncated")]
    [TestCase("huge header length")]
    [TestCase("not json")]
    [TestCase("missing parameter")]
    public void DamagedCheckpointGivesAClearError(string damage)
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 3);
        string path = Path.Combine(_directory, "model.safetensors");
        ModelCheckpoint.Save(path, model);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]); break;
            case "huge header length":
                BitConverter.GetBytes(ulong.MaxValue / 2).CopyTo(bytes, 0);
                File.WriteAllBytes(path, bytes);
                break;
            case "not json": bytes[8] = (byte)'#'; File.WriteAllBytes(path, bytes); break;
            case "missing parameter":
                var (tensors, metadata) = SafetensorsFile.Read(path);
                tensors.Remove("decoder.weight");
                SafetensorsFile.Write(path, tensors.Values.ToList(), metadata);
                break;
        }
        var error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path, backend))!;
        Assert.That(error.Message, Does.StartWith(path + ":"));
        TestContext.Out.WriteLine(error.Message);
    }

    [Test]
    public void MissingCheckpointNamesTheFile()
    {
        using var backend = new CpuBackend();
        string path = Path.Combine(_directory, "absent.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => ModelCheckpoint.Load(path, backend))!;
        Assert.That(error.Message, Does.Contain(path));
    }
}
