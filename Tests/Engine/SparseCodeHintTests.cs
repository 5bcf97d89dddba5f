using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// The model tells its backend which convolutions have a winner-take-all code on their output side
/// (<see cref="ConvGeometry.OutputIsSparseCode"/>), the hint that lets a GPU run their products over the code's
/// non-zeros: the encoder's and the decoder's do, the TCN's never. Under channel top-k the code's tensors also carry
/// its bound of k non-zeros per column (<see cref="Tensor.NonZerosPerColumn"/>), which every op that reads the code,
/// its mask or the gradient behind it passes on (<see cref="ConvGeometry.OutputNonZerosPerColumn"/>). Read through
/// the bench's profiler, which names the hint and the bound in each op's shape.
/// </summary>
public sealed class SparseCodeHintTests
{
    private const string Hint = " sparse code";

    [Test]
    public void TheEncoderAndDecoderCarryTheHintAndTheTcnDoesNot()
    {
        var config = new AutoencoderConfig
        {
            InputChannels = 4, Atoms = 6, FrameLength = 3, TcnWidths = [5], TcnKernel = 2,
            Sparsity = SparsityKind.ChannelTopK, TopK = 2, Loss = LossKind.Mse,
        };
        using var profiler = new ProfilingBackend(new CpuBackend());
        using var model = new Autoencoder(config, profiler, seed: 3);
        var values = Enumerable.Range(0, 2 * 4 * 12).Select(i => MathF.Sin(0.7f * i)).ToArray();
        using var input = Tensor.FromHost(profiler, values, 2, 4, 12);
        model.ForwardWithLoss(input);
        model.Backward();

        var convolutions = profiler.Timings.Where(t => t.Op.StartsWith("Conv1d")).ToList();
        var hinted = convolutions.Where(t => t.Shape.Contains(Hint)).ToList();
        Assert.Multiple(() =>
        {
            // the encoder [2,5,12] -> [2,6,4] (its forward, weight and input gradients) and the decoder's adjoint
            // [2,4,12] -> [2,6,4] (its forward with the loss, weight gradient and masked input gradient), frames of 3
            Assert.That(hinted.Select(t => t.Op).Distinct(), Is.EquivalentTo(new[]
            {
                nameof(IComputeBackend.Conv1dForwardTopKChannels), nameof(IComputeBackend.Conv1dBackwardInputWithLoss),
                nameof(IComputeBackend.Conv1dForwardMasked), nameof(IComputeBackend.Conv1dBackwardWeight),
                nameof(IComputeBackend.Conv1dBackwardInput),
            }));
            Assert.That(hinted, Has.All.Matches<OpTiming>(t => t!.Shape.Contains("->[2,6,4] k3 s3")));
            Assert.That(hinted.Where(t => t.Op == nameof(IComputeBackend.Conv1dBackwardWeight)).Count(), Is.EqualTo(2),
                "the encoder's weight gradient and the decoder's");
            Assert.That(convolutions.Except(hinted),
                Is.Not.Empty.And.All.Matches<OpTiming>(t => t!.Shape.Contains("s1")),
                "the TCN's convolutions, unhinted");
        });
    }

    [TestCase(SparsityKind.ChannelTopK, 2, 1)]
    [TestCase(SparsityKind.Spatial, 2, 1)]
    [TestCase(SparsityKind.Lifetime, 2, 1)]
    public void TheOpsOverTheCodeCarryTheTopKBoundOfTheStepThatMadeIt(SparsityKind sparsity, int k, int laterK)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = 4, Atoms = 6, FrameLength = 3, Sparsity = sparsity, TopK = k, LifetimeRate = 0.5f,
            Loss = LossKind.Mse,
        };
        using var profiler = new ProfilingBackend(new CpuBackend());
        using var model = new Autoencoder(config, profiler, seed: 3);
        var values = Enumerable.Range(0, 2 * 4 * 12).Select(i => MathF.Sin(0.7f * i)).ToArray();
        using var input = Tensor.FromHost(profiler, values, 2, 4, 12);
        List<OpTiming> BoundsOfAStep()
        {
            profiler.Reset();
            model.ForwardWithLoss(input);
            model.Backward();
            return [.. profiler.Timings.Where(t => t.Op.StartsWith("Conv1d"))];
        }

        var first = BoundsOfAStep();
        model.TopK = laterK;
        var later = BoundsOfAStep();
        // every op over the code, its mask or the gradient behind it: the encoder's weight gradient, the decoder's
        // forward with the loss, its weight gradient and its masked input gradient; not the encoder's forward, whose
        // output is the encoder's dense response
        string[] overTheCode =
        [
            nameof(IComputeBackend.Conv1dBackwardInputWithLoss), nameof(IComputeBackend.Conv1dForwardMasked),
            nameof(IComputeBackend.Conv1dBackwardWeight),
        ];
        Assert.Multiple(() =>
        {
            if (sparsity == SparsityKind.ChannelTopK)
            {
                Assert.That(first.Where(t => t.Shape.Contains($" {k}/column")).Select(t => t.Op).Distinct(),
                    Is.EquivalentTo(overTheCode));
                Assert.That(later.Where(t => t.Shape.Contains($" {laterK}/column")).Select(t => t.Op).Distinct(),
                    Is.EquivalentTo(overTheCode), "k changed between steps");
                Assert.That(first.Where(t => t.Op == nameof(IComputeBackend.Conv1dBackwardWeight)),
                    Has.All.Matches<OpTiming>(t => t!.Shape.Contains("/column")));
                Assert.That(first.Where(t => t.Op == nameof(IComputeBackend.Conv1dBackwardWeight)).Sum(t => t.Calls),
                    Is.EqualTo(2), "the encoder's weight gradient and the decoder's");
            }
            else
                Assert.That(first.Concat(later).Select(t => t.Shape), Has.None.Contains("/column"),
                    "winners along time bound no column");
        });
    }
}
