using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// <see cref="PursuitCoder"/>: correlations by the conv, the Gram by a GEMM and decoding by the transposed conv must
/// put every atom where the code says, so signals built from atoms at frames come back as exactly those atoms and
/// coefficients.
/// </summary>
public sealed class PursuitCoderTests
{
    private const int Atoms = 6, Channels = 3, Frame = 4;

    // atoms [N, C, K] = random, row-major
    private static float[] Dictionary(int seed) => RandomTensors.UniformFloat(Atoms * Channels * Frame, seed);

    // signal [B, C, T] += coefficient * atom at frame l of item b
    private static void Place(float[] signal, int length, float[] atoms, int b, int atom, int l, float coefficient)
    {
        for (int c = 0; c < Channels; c++)
            for (int j = 0; j < Frame; j++)
            {
                int t = l * Frame + j;
                if (t < length)
                    signal[(b * Channels + c) * length + t] += coefficient * atoms[(atom * Channels + c) * Frame + j];
            }
    }

    [TestCase("cpu")]
    [TestCase("scalar")]
    public void SignalsMadeOfAtomsAtFramesComeBackExactlyPaddingIncluded(string device)
    {
        using IComputeBackend backend = device == "cpu" ? new CpuBackend() : new ScalarBackend();
        var atoms = Dictionary(1);
        const int length = 3 * Frame + 2; // the fourth frame is partial: zero-padded, and left empty here
        var signal = new float[2 * Channels * length];
        var expected = new float[2 * Atoms * 4];
        foreach (var (b, atom, l, coefficient) in new[] { (0, 1, 0, 0.8f), (0, 4, 0, -0.5f), (0, 2, 2, 1.2f),
            (1, 0, 1, 0.3f), (1, 5, 1, 0.9f), (1, 3, 2, -1.1f) })
        {
            Place(signal, length, atoms, b, atom, l, coefficient);
            expected[(b * Atoms + atom) * 4 + l] = coefficient;
        }
        using var coder = new PursuitCoder(backend, atoms, Atoms, Channels, Frame);
        using var input = Tensor.FromHost(backend, signal, 2, Channels, length);

        using var code = coder.Encode(input, nonzerosPerGroup: 3);
        using var decoded = coder.Decode(code);

        Assert.That((coder.Atoms, coder.Channels, coder.FrameLength), Is.EqualTo((Atoms, Channels, Frame)));
        Assert.That(code.HasShape(2, Atoms, 4), Is.True, code.ToString());
        Assert.That(code.ToHost(backend), Is.EqualTo(expected).Within(1e-4f));
        Assert.That(decoded.HasShape(2, Channels, 4 * Frame), Is.True, decoded.ToString());
        var reconstruction = decoded.ToHost(backend);
        for (int row = 0; row < 2 * Channels; row++)
        {
            Assert.That(reconstruction.AsSpan(row * 4 * Frame, length).ToArray(),
                Is.EqualTo(signal.AsSpan(row * length, length).ToArray()).Within(1e-4f), $"row {row}");
            Assert.That(reconstruction.AsSpan(row * 4 * Frame + length, 4 * Frame - length).ToArray(), Is.All.Zero,
                $"padding of row {row}");
        }
    }

    [Test]
    public void AGroupOfFramesPutsItsBudgetWhereTheEnergyIs()
    {
        using var backend = new CpuBackend();
        var atoms = Dictionary(2);
        var signal = new float[Channels * 4 * Frame];
        Place(signal, 4 * Frame, atoms, 0, 3, 1, 0.6f);
        Place(signal, 4 * Frame, atoms, 0, 1, 3, -1.5f);
        using var coder = new PursuitCoder(backend, atoms, Atoms, Channels, Frame);
        using var input = Tensor.FromHost(backend, signal, 1, Channels, 4 * Frame);

        using var code = coder.Encode(input, nonzerosPerGroup: 2, groupFrames: 4);

        var expected = new float[Atoms * 4];
        expected[3 * 4 + 1] = 0.6f;
        expected[1 * 4 + 3] = -1.5f;
        Assert.That(code.ToHost(backend), Is.EqualTo(expected).Within(1e-4f));
    }

    [Test]
    public void ForModelCodesOverTheDecoderAtoms()
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig { InputChannels = Channels, Atoms = Atoms, FrameLength = Frame, TopK = 2 };
        using var model = new Autoencoder(config, backend, seed: 3);
        using var coder = PursuitCoder.ForModel(model);
        var atoms = new float[Atoms * Channels * Frame];
        backend.Download(model.Atoms.Value, atoms);
        var signal = new float[Channels * 2 * Frame];
        Place(signal, 2 * Frame, atoms, 0, 4, 1, 2f);
        using var input = Tensor.FromHost(backend, signal, 1, Channels, 2 * Frame);

        using var code = coder.Encode(input, nonzerosPerGroup: 1);
        var values = code.ToHost(backend);
        using var decoded = coder.Decode(code);

        Assert.That(values[4 * 2 + 1], Is.EqualTo(2f).Within(1e-4f));
        Assert.That(values.Count(v => v != 0), Is.EqualTo(1));
        Assert.That(decoded.ToHost(backend), Is.EqualTo(model.Decode(code).ToHost(backend)).Within(1e-6f),
            "the model's decoder decodes it the same");
    }

    [Test]
    public void WrongShapesAreClearErrors()
    {
        using var backend = new CpuBackend();
        var atoms = Dictionary(4);
        Assert.That(() => new PursuitCoder(backend, atoms.AsSpan(1).ToArray(), Atoms, Channels, Frame),
            Throws.ArgumentException.With.Message.EqualTo($"atoms [6, 3, 4] need 72 values, got 71"));
        using var coder = new PursuitCoder(backend, atoms, Atoms, Channels, Frame);
        using var wrongChannels = Tensor.Zeros(backend, 1, Channels + 1, 8);
        Assert.That(() => coder.Encode(wrongChannels, 1),
            Throws.ArgumentException.With.Message.Contains("atoms have 3 channels"));
        using var signal = Tensor.Zeros(backend, 1, Channels, 8);
        Assert.That(() => coder.Encode(signal, Atoms + 1),
            Throws.InstanceOf<ArgumentException>().With.Message.Contains("non-zeros per group"));
        using var wrongAtoms = Tensor.Zeros(backend, 1, Atoms - 1, 2);
        Assert.That(() => coder.Decode(wrongAtoms), Throws.ArgumentException.With.Message.Contains("has 6 atoms"));
    }
}
