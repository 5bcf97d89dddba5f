using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

public class AutoencoderInferenceTests
{
    private static readonly AutoencoderConfig Config = new()
    {
        InputChannels = 3, Atoms = 5, FrameLength = 4, Sparsity = SparsityKind.ChannelTopK, TopK = 2,
    };

    private static float[] Signal(int length) => [.. Enumerable.Range(0, 3 * length).Select(i => MathF.Cos(0.9f * i))];

    [Test]
    public void EncodeKeepsTopKPerColumnAndDecodeGivesTheReconstruction()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 5);
        const int length = 10;   // not whole frames: 3 columns, padded to 12 steps
        var signal = Signal(length);

        var code = model.Encode(signal, length);
        var decoded = model.Decode(code);
        var (reconstruction, loss) = model.Reconstruct(signal, length);

        Assert.That((code.Atoms, code.Columns), Is.EqualTo((5, 3)));
        for (int l = 0; l < code.Columns; l++)
            Assert.That(Enumerable.Range(0, code.Atoms).Count(n => code[n, l] != 0), Is.LessThanOrEqualTo(2),
                $"column {l}");
        Assert.That(decoded, Has.Length.EqualTo(3 * 12));
        Assert.That(reconstruction, Has.Length.EqualTo(3 * length));
        for (int c = 0; c < 3; c++)
            Assert.That(reconstruction.AsSpan(c * length, length).ToArray(),
                Is.EqualTo(decoded.AsSpan(c * 12, length).ToArray()).Within(1e-6f));
        double mse = Enumerable.Range(0, 3 * length).Average(i => Math.Pow(reconstruction[i] - signal[i], 2));
        Assert.That(loss, Is.EqualTo(mse).Within(1e-5));
    }

    [Test]
    public void UsageSumsEachAtomAndTopAtomsSortsByIt()
    {
        var code = new SparseCode(3, 2, [0, 0, 2, 1, 0.5f, 0]);

        Assert.That(code.Usage(), Is.EqualTo(new[] { 0f, 3f, 0.5f }));
        Assert.That(code.MeanColumn(), Is.EqualTo(new[] { 0f, 1.5f, 0.25f }));
        Assert.That(code.TopAtoms(5), Is.EqualTo(new[] { (1, 3f), (2, 0.5f) }), "unused atoms are left out");
    }

    [Test]
    public void WrongShapesAreClearErrors()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 5);

        Assert.That(() => model.Encode(new float[7], 3), Throws.ArgumentException.With.Message.Contains("3 channels"));
        Assert.That(() => model.Decode(SparseCode.Zeros(4, 2)),
            Throws.ArgumentException.With.Message.Contains("5 atoms"));
    }
}
