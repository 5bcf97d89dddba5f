using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// A tensor knows its non-zeros when it was counted (<see cref="Tensor.NonZeros"/>), and the convolutions that read it
/// pass the count on, and with it whether x is mostly zeros (<see cref="ConvGeometry.InputSparseness"/>): the hint
/// that lets a GPU run their forward and weight gradient over x's non-zeros (MAESTRO's one-hot events into the TCN's
/// first layer), and lets the SIMD backend skip its own counts. Read through the bench's profiler, which names the
/// hint in each op's shape.
/// </summary>
public sealed class SparseInputHintTests
{
    private const string Hint = " sparse input";

    [Test]
    public void AnUploadCountsTheNonZerosAndPaddingKeepsTheCount()
    {
        var backend = new CpuBackend();
        var oneHot = new float[2 * 16 * 20];
        for (int step = 0; step < 2 * 20; step++) oneHot[(step / 20 * 16 + step % 7) * 20 + step % 20] = 1f;
        var denser = (float[])oneHot.Clone();
        for (int i = 0; i < 21; i++) denser[i * 15 + 1] = 0.5f;
        var values = Enumerable.Range(0, 2 * 16 * 20).Select(i => MathF.Sin(i) + 2f).ToArray();
        using var sparse = Tensor.FromHost(backend, oneHot, 2, 16, 20);
        using var notSparse = Tensor.FromHost(backend, denser, 2, 16, 20);
        using var dense = Tensor.FromHost(backend, values, 2, 16, 20);
        using var uncounted = Tensor.Zeros(backend, 1, 1, 4);
        Tensor? padded = null, paddedDense = null, paddedFar = null;
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That((sparse.NonZeros, PassedOn(sparse)), Is.EqualTo((40L, Sparseness.Sparse)),
                    "one value in 16 non-zero");
                Assert.That((notSparse.NonZeros, PassedOn(notSparse)), Is.EqualTo((60L, Sparseness.Dense)),
                    "60 of 640 non-zero (one of the 21 lands on a one): more than one in 16");
                Assert.That(PassedOn(dense), Is.EqualTo(Sparseness.Dense));
                Assert.That(PassedOn(Activations.ZeroPadded(backend, sparse, 30, ref padded)),
                    Is.EqualTo(Sparseness.Sparse));
                Assert.That(PassedOn(Activations.ZeroPadded(backend, dense, 30, ref paddedDense)),
                    Is.EqualTo(Sparseness.Dense));
                Assert.That(PassedOn(Activations.ZeroPadded(backend, notSparse, 40, ref paddedFar)),
                    Is.EqualTo(Sparseness.Sparse), "60 of 1280 once padded: zeros added can make a signal sparse");
                Assert.That(PassedOn(uncounted), Is.EqualTo(Sparseness.Unknown), "never counted");
            });
            dense.Upload(backend, oneHot);
            Assert.That(PassedOn(dense), Is.EqualTo(Sparseness.Sparse), "one-hot values uploaded over dense ones");
        }
        finally
        {
            padded?.Dispose();
            paddedDense?.Dispose();
            paddedFar?.Dispose();
        }
    }

    [Test]
    public void OnlyTheTcnsFirstLayerOverOneHotEventsCarriesTheHint()
    {
        var config = new AutoencoderConfig
        {
            InputChannels = 20, Atoms = 6, FrameLength = 4, TcnWidths = [5, 5], TcnKernel = 2,
            Sparsity = SparsityKind.ChannelTopK, TopK = 2, Loss = LossKind.Mse,
        };
        var oneHot = new float[2 * 20 * 16];
        for (int step = 0; step < 2 * 16; step++) oneHot[(step / 16 * 20 + step * 7 % 20) * 16 + step % 16] = 1f;
        var dense = Enumerable.Range(0, oneHot.Length).Select(i => MathF.Cos(0.3f * i)).ToArray();

        var oneHotRun = HintedConvolutions(config, oneHot);
        var denseRun = HintedConvolutions(config, dense);
        Assert.Multiple(() =>
        {
            // the first block's causal kernel and 1x1 residual [2,20,16] -> [2,5,16]: forwards and weight gradients
            Assert.That(oneHotRun.Select(t => (t.Op, t.Shape[..t.Shape.IndexOf(" s1")])), Is.EquivalentTo(new[]
            {
                (nameof(IComputeBackend.Conv1dForward), "[2,20,16]->[2,5,16] k2"),
                (nameof(IComputeBackend.Conv1dForward), "[2,20,16]->[2,5,16] k1"),
                (nameof(IComputeBackend.Conv1dBackwardWeight), "[2,20,16]->[2,5,16] k2"),
                (nameof(IComputeBackend.Conv1dBackwardWeight), "[2,20,16]->[2,5,16] k1"),
            }));
            Assert.That(denseRun, Is.Empty, "a dense input");
        });
    }

    // what a convolution over the tensor passes on: its count against one value in 16
    private static Sparseness PassedOn(Tensor input)
    {
        using var parameters = new ParameterSet();
        var conv = new Conv1d(new CpuBackend(), parameters, "conv", input.Channels, 1, 1);
        return conv.GeometryFor(input).InputSparseness;
    }

    private static List<OpTiming> HintedConvolutions(AutoencoderConfig config, float[] input)
    {
        using var profiler = new ProfilingBackend(new CpuBackend());
        using var model = new Autoencoder(config, profiler, seed: 3);
        using var tensor = Tensor.FromHost(profiler, input, 2, config.InputChannels, 16);
        model.ForwardWithLoss(tensor);
        model.Backward();
        return [.. profiler.Timings.Where(t => t.Op.StartsWith("Conv1d") && t.Shape.Contains(Hint))];
    }
}
