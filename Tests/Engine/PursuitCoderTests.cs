using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
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
        float[] weights = [2f, 0.5f, 1f];
        using var weightedForModel = PursuitCoder.ForModel(model, weights);
        using var weighted = new PursuitCoder(backend, atoms, Atoms, Channels, Frame, weights);
        using var noisy = Tensor.FromHost(backend, RandomTensors.UniformFloat(signal.Length, 8), 1, Channels,
            2 * Frame);
        using var weightedCode = weightedForModel.Encode(noisy, nonzerosPerGroup: 2);
        using var expectedCode = weighted.Encode(noisy, nonzerosPerGroup: 2);
        Assert.That(weightedCode.ToHost(backend), Is.EqualTo(expectedCode.ToHost(backend)).Within(1e-5f),
            "weighted over the model's atoms as over the same atoms given");
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void WeightedPursuitIsPlainPursuitOfTheSignalAndAtomsScaledByTheRootsOfTheWeights(string device)
    {
        using IComputeBackend backend = device == "cpu" ? new CpuBackend() : new IlgpuBackend(IlgpuDeviceKind.Cpu);
        var atoms = Dictionary(5);
        var weights = new[] { 0.25f, 1f, 3f };
        const int length = 5 * Frame;
        // signal [2, C, T]: noise, so that the pursuit's choices depend on the weights
        var signal = RandomTensors.UniformFloat(2 * Channels * length, 6);
        float[] Scaled(float[] values, int rowLength)
            => [.. values.Select((v, i) => v * MathF.Sqrt(weights[i / rowLength % Channels]))];
        using var weighted = new PursuitCoder(backend, atoms, Atoms, Channels, Frame, weights);
        using var plain = new PursuitCoder(backend, Scaled(atoms, Frame), Atoms, Channels, Frame);
        using var unweighted = new PursuitCoder(backend, atoms, Atoms, Channels, Frame);
        using var input = Tensor.FromHost(backend, signal, 2, Channels, length);
        using var scaledInput = Tensor.FromHost(backend, Scaled(signal, length), 2, Channels, length);

        using var code = weighted.Encode(input, nonzerosPerGroup: 4, groupFrames: 5);
        using var expected = plain.Encode(scaledInput, nonzerosPerGroup: 4, groupFrames: 5);
        using var plainCode = unweighted.Encode(input, nonzerosPerGroup: 4, groupFrames: 5);
        using var decoded = weighted.Decode(code);
        using var placed = unweighted.Decode(code);

        Assert.That(weighted.ChannelWeights, Is.EqualTo(weights));
        Assert.That(code.ToHost(backend), Is.EqualTo(expected.ToHost(backend)).Within(1e-4f));
        Assert.That(code.ToHost(backend), Is.Not.EqualTo(plainCode.ToHost(backend)), "the weights change the code");
        Assert.That(decoded.ToHost(backend), Is.EqualTo(placed.ToHost(backend)).Within(1e-6f),
            "decoding places the atoms as they are");
    }

    [Test]
    public void ALighterChannelLosesThePickItWouldWin()
    {
        using var backend = new CpuBackend();
        // two one-step atoms: channel 0 alone and channel 1 alone; the signal 1 on channel 0, 1.2 on channel 1
        float[] atoms = [1, 0, 0, 1];
        using var signal = Tensor.FromHost(backend, [1f, 1.2f], 1, 2, 1);
        using var plain = new PursuitCoder(backend, atoms, 2, 2, 1);
        using var lighter = new PursuitCoder(backend, atoms, 2, 2, 1, [1f, 0.5f]);

        using var plainCode = plain.Encode(signal, 1);
        using var lighterCode = lighter.Encode(signal, 1);

        Assert.That(plainCode.ToHost(backend), Is.EqualTo(new[] { 0f, 1.2f }).Within(1e-6f));
        Assert.That(lighterCode.ToHost(backend), Is.EqualTo(new[] { 1f, 0f }).Within(1e-6f),
            "1.2^2 x 0.5 = 0.72 is the smaller weighted error saved");
    }

    [Test]
    public void ChannelWeightsMustBeOnePerChannelPositiveAndFinite()
    {
        using var backend = new CpuBackend();
        var atoms = Dictionary(7);
        Assert.That(() => new PursuitCoder(backend, atoms, Atoms, Channels, Frame, [1f, 1f]),
            Throws.ArgumentException.With.Message.EqualTo("the atoms have 3 channels, got 2 channel weights"));
        foreach (float bad in new[] { 0f, -1f, float.NaN, float.PositiveInfinity })
            Assert.That(() => new PursuitCoder(backend, atoms, Atoms, Channels, Frame, [1f, bad, 1f]),
                Throws.ArgumentException.With.Message.EqualTo(
                    $"a channel weight must be positive and finite, got {bad} for channel 1"), $"{bad}");
        using var plain = new PursuitCoder(backend, atoms, Atoms, Channels, Frame);
        Assert.That(plain.ChannelWeights, Is.Null);
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
