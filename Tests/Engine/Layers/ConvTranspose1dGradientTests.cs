using TcnWtaNative.Engine.Layers;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// The ConvTranspose1d layer (the decoder) against finite differences, through Forward/Backward on the CPU backend:
/// weight and code gradients with overlapping frames (stride &lt; K), the decoder's non-overlapping frames (stride = K,
/// also a single code column), and gaps between frames (stride &gt; K).
/// </summary>
public class ConvTranspose1dGradientTests
{
    public static IEnumerable<TestCaseData> Layers()
    {
        TestCaseData Case(string name, int inChannels, int outChannels, int kernelSize, int stride, int codeLength)
            => new TestCaseData(inChannels, outChannels, kernelSize, stride, codeLength).SetArgDisplayNames(name);
        yield return Case("overlapping, stride 2 < K = 4", 3, 2, 4, 2, 5);
        yield return Case("overlapping, stride 1", 2, 3, 3, 1, 6);
        yield return Case("non-overlapping, stride = K = 3", 5, 3, 3, 3, 4);
        yield return Case("single column, K = 4", 4, 3, 4, 4, 1);
        yield return Case("gaps, stride 3 > K = 2", 3, 2, 2, 3, 4);
    }

    [TestCaseSource(nameof(Layers))]
    public void WeightAndCodeGradientsMatchFiniteDifferences(int inChannels, int outChannels, int kernelSize,
        int stride, int codeLength)
    {
        using var harness = new LayerGradientHarness();
        var decoder = harness.Build(
            (b, p) => new ConvTranspose1d(b, p, "decoder", inChannels, outChannels, kernelSize, stride), seed: 3);
        harness.AssertGradientsMatchFiniteDifferences(harness.RandomInput(inChannels, codeLength, seed: 4),
            decoder.Forward, decoder.Backward, everyCoordinateSmooth: true);
    }

    [TestCaseSource(nameof(Layers))]
    public void BackwardWritesOverTheWeightGradient(int inChannels, int outChannels, int kernelSize, int stride,
        int codeLength)
    {
        using var harness = new LayerGradientHarness();
        var decoder = harness.Build(
            (b, p) => new ConvTranspose1d(b, p, "decoder", inChannels, outChannels, kernelSize, stride), seed: 5);
        harness.AssertBackwardOverwrites(harness.RandomInput(inChannels, codeLength, seed: 6), decoder.Forward,
            decoder.Backward);
    }
}
