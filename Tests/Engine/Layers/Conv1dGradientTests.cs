using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// The Conv1d layer's weight, bias and input gradients against finite differences, through Forward/Backward on the CPU
/// backend, for every geometry the model builds: plain, strided, dilated and padded, causal (the TCN convs), and the
/// encoder's non-overlapping frames (stride = kernel, the GEMM-over-frames fast path, also as a single frame T = K).
/// </summary>
public class Conv1dGradientTests
{
    public static IEnumerable<TestCaseData> Layers()
    {
        TestCaseData Case(string name, int length, Func<IComputeBackend, ParameterSet, Conv1d> build)
            => new TestCaseData(length, build).SetArgDisplayNames(name);
        yield return Case("plain", 9, (b, p) => new Conv1d(b, p, "conv", 3, 4, 3));
        yield return Case("stride 2", 11, (b, p) => new Conv1d(b, p, "conv", 3, 2, 3, stride: 2));
        yield return Case("dilation 2, left padding 1", 10,
            (b, p) => new Conv1d(b, p, "conv", 2, 3, 3, dilation: 2, padLeft: 1));
        yield return Case("causal, dilation 2", 10, (b, p) => Conv1d.Causal(b, p, "conv", 2, 3, 3, dilation: 2));
        yield return Case("frames K = stride = 4, no bias", 12,
            (b, p) => new Conv1d(b, p, "conv", 3, 5, 4, stride: 4, bias: false));
        yield return Case("single frame T = K = 6", 6, (b, p) => new Conv1d(b, p, "conv", 2, 4, 6, stride: 6));
        yield return Case("stride 3, dilation 2, padding 3", 13,
            (b, p) => new Conv1d(b, p, "conv", 3, 4, 4, stride: 3, dilation: 2, padLeft: 3));
    }

    [TestCaseSource(nameof(Layers))]
    public void WeightBiasAndInputGradientsMatchFiniteDifferences(int length,
        Func<IComputeBackend, ParameterSet, Conv1d> build)
    {
        using var harness = new LayerGradientHarness();
        var conv = harness.Build(build, seed: 3);
        harness.AssertGradientsMatchFiniteDifferences(harness.RandomInput(conv.InChannels, length, seed: 4),
            conv.Forward, dy => conv.Backward(dy, needInputGradient: true), everyCoordinateSmooth: true);
    }

    [TestCaseSource(nameof(Layers))]
    public void BackwardWritesOverTheWeightAndBiasGradients(int length,
        Func<IComputeBackend, ParameterSet, Conv1d> build)
    {
        using var harness = new LayerGradientHarness();
        var conv = harness.Build(build, seed: 5);
        harness.AssertBackwardOverwrites(harness.RandomInput(conv.InChannels, length, seed: 6), conv.Forward,
            dy => conv.Backward(dy, needInputGradient: true));
    }
}
