using TcnWtaNative.Tests.Support;
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
            decoder.Forward, dy => decoder.Backward(dy), everyCoordinateSmooth: true);
    }

    [TestCaseSource(nameof(Layers))]
    public void BackwardWritesOverTheWeightGradient(int inChannels, int outChannels, int kernelSize, int stride,
        int codeLength)
    {
        using var harness = new LayerGradientHarness();
        var decoder = harness.Build(
            (b, p) => new ConvTranspose1d(b, p, "decoder", inChannels, outChannels, kernelSize, stride), seed: 5);
        harness.AssertBackwardOverwrites(harness.RandomInput(inChannels, codeLength, seed: 6), decoder.Forward,
            dy => decoder.Backward(dy));
    }

    // 2 of 40 atoms on per column (sparse: only the winners' gradients are computed) or every other one (dense)
    [TestCase(20)]
    [TestCase(2)]
    public void WithTheWinnerMaskTheCodeGradientIsTheMaskedOne(int onEvery)
    {
        const int atoms = 40, channels = 3, kernel = 3, length = 4;
        using var harness = new LayerGradientHarness();
        var decoder = harness.Build((b, p) => new ConvTranspose1d(b, p, "decoder", atoms, channels, kernel, kernel),
            seed: 7);
        var code = harness.RandomInput(atoms, length, seed: 8);
        var maskValues = Enumerable.Range(0, code.Buffer.Length)
            .Select(i => (i / length + i % length) % onEvery == 0 ? 1.0 : 0.0).ToArray();
        var mask = harness.Input(maskValues, code.Batch, atoms, length);
        var output = decoder.Forward(code);
        var upstream = harness.Input(RandomTensors.Uniform(output.Buffer.Length, 9), output.Batch, channels,
            output.Length);
        var unmasked = decoder.Backward(upstream).ToHost(harness.Backend);
        var weightGradient = harness.ParameterGradients();
        var masked = decoder.Backward(upstream, mask).ToHost(harness.Backend);
        Assert.That(harness.ParameterGradients(), Is.EqualTo(weightGradient),
            "the weight gradient does not see the mask");
        for (int i = 0; i < masked.Length; i++)
            Assert.That(masked[i], Is.EqualTo(unmasked[i] * (float)maskValues[i]).Within(1e-5f), $"dz[{i}]");
    }
}
