using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// A program that embeds the engine and misuses it gets an exception that says so: a model used after Dispose or from
/// a second thread while a call runs (on a GPU the first crashed the process and the second mixed two pieces' codes),
/// a save whose file a load would refuse, and null arguments.
/// </summary>
public class ModelMisuseTests
{
    private static readonly float[] Signal = [.. Enumerable.Range(0, 3 * 8).Select(i => MathF.Sin(0.7f * i))];

    [Test]
    public void EveryCallOnADisposedModelIsObjectDisposed()
    {
        using var backend = new CpuBackend();
        var model = NewModel(backend);
        var code = model.Encode(Signal, 8);
        model.Dispose();
        model.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(() => model.Encode(Signal, 8), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => model.Reconstruct(Signal, 8), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => model.Decode(code), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => model.NormalizeAtoms(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => model.TopK = 1, Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => ModelCheckpoint.Contents(model), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void ASecondThreadsCallWhileOneRunsIsRefusedAndTheModelServesBothInTurn()
    {
        using var backend = new CpuBackend();
        using var model = NewModel(backend);
        var alone = model.Encode(Signal, 8).Values;

        Exception? refused;
        using (model.Use())
        {
            model.Encode(Signal, 8);   // the holding thread's own calls nest
            refused = OnAnotherThread(() => model.Encode(Signal, 8));
        }
        var afterwards = OnAnotherThread(() => Assert.That(model.Encode(Signal, 8).Values, Is.EqualTo(alone)));

        Assert.That(refused, Is.TypeOf<InvalidOperationException>().With.Message.Contains("another thread"));
        Assert.That(afterwards, Is.Null, "once the call leaves, another thread may use the model");
    }

    [Test]
    public void ASaveThatALoadWouldRefuseWritesNothing()
    {
        using var backend = new CpuBackend();
        using var model = NewModel(backend);
        string folder = TestRunFolders.Create("tcnwta-misuse-"), path = Path.Combine(folder, "model.safetensors");
        ModelCheckpoint.Save(path, model);
        byte[] saved = File.ReadAllBytes(path);

        Assert.Multiple(() =>
        {
            Assert.That(() => ModelCheckpoint.Save(path, model, [new NamedTensor("decoder.weight", [1], [1f])]),
                Throws.ArgumentException.With.Message.EqualTo(
                    "two tensors are named decoder.weight; each name may appear once"));
            Assert.That(() => ModelCheckpoint.Save(path, model, [new NamedTensor("__metadata__", [1], [1f])]),
                Throws.ArgumentException.With.Message.Contains("not __metadata__"));
            Assert.That(() => ModelCheckpoint.Save(path, model, [new NamedTensor("extra", [2], [1f, float.NaN])]),
                Throws.ArgumentException.With.Message.StartsWith("tensor extra holds NaN at value 1"));
            Assert.That(() => ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
                { ["note"] = null! }), Throws.ArgumentException.With.Message.Contains("metadata note is null"));
        });
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(saved), "the good file stays as it was");
        Assert.That(ModelCheckpoint.Load(path, backend).Model.Config.Atoms, Is.EqualTo(5));
    }

    [Test]
    public void NullArgumentsAreNamed()
    {
        using var backend = new CpuBackend();
        using var model = NewModel(backend);

        Assert.Multiple(() =>
        {
            Assert.That(() => model.Decode((SparseCode)null!), Throws.ArgumentNullException);
            Assert.That(() => model.Decode((Tensor)null!), Throws.ArgumentNullException);
            Assert.That(() => model.Forward(null!), Throws.ArgumentNullException);
            Assert.That(() => ModelCheckpoint.Load("model.safetensors", null!), Throws.ArgumentNullException);
            Assert.That(() => ModelCheckpoint.Save("model.safetensors", null!), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void ANonFiniteSignalIsRefusedWithItsPlace()
    {
        using var backend = new CpuBackend();
        using var model = NewModel(backend);
        var signal = (float[])Signal.Clone();
        signal[8 + 5] = float.NaN;

        Assert.That(() => model.Encode(signal, 8), Throws.ArgumentException.With.Message.EqualTo(
            "the signal holds NaN at channel 1, step 5; every value must be finite"));
        Assert.That(() => model.Reconstruct(signal, 8), Throws.ArgumentException);
    }

    [Test]
    public void AZeroColumnCodeIsNotDecoded()
    {
        using var backend = new CpuBackend();
        using var model = NewModel(backend);

        Assert.That(() => model.Decode(SparseCode.Zeros(5, 0)),
            Throws.ArgumentException.With.Message.EqualTo("a code of 0 columns has nothing to decode"));
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void APrecisionOutsideTheEnumIsNamed(string device)
        => Assert.That(() => ComputeDevices.Create(device, (GemmPrecision)7),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("precision 7 is none of Fp32, Tf32"));

    // 5 atoms of 3 channels × 4 steps, 2 winners a frame
    private static Autoencoder NewModel(IComputeBackend backend)
        => new(new AutoencoderConfig { InputChannels = 3, Atoms = 5, FrameLength = 4, TopK = 2 }, backend, seed: 1);

    private static Exception? OnAnotherThread(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception error) { thrown = error; }
        });
        thread.Start();
        thread.Join();
        return thrown;
    }
}
