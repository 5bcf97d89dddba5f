using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// The TcnBlock's gradients against finite differences, through Forward/Backward on the CPU backend: both causal convs'
/// weights and biases, the 1x1 residual conv's when the widths differ (identity otherwise), and the input gradient,
/// which sums the conv path and the residual path. Its three ReLUs put kinks where no test can place them, so a
/// coordinate within a step of one is retried at a smaller step, then skipped (at most a quarter of them).
/// </summary>
public class TcnBlockGradientTests
{
    public static IEnumerable<TestCaseData> Blocks()
    {
        TestCaseData Case(string name, int inChannels, int width, int kernelSize, int dilation, int length)
            => new TestCaseData(inChannels, width, kernelSize, dilation, length).SetArgDisplayNames(name);
        yield return Case("residual conv 3 -> 5, dilation 2", 3, 5, 2, 2, 12);
        yield return Case("residual conv 4 -> 2, kernel 3, dilation 4", 4, 2, 3, 4, 14);
        yield return Case("identity residual 4 -> 4, kernel 3, dilation 2", 4, 4, 3, 2, 12);
        yield return Case("identity residual 6 -> 6, dilation 1", 6, 6, 2, 1, 9);
    }

    // The block, with a check that it declared a residual conv exactly when the widths differ.
    private static TcnBlock Build(LayerGradientHarness harness, int inChannels, int width, int kernelSize, int dilation,
        int seed)
    {
        var block = harness.Build((b, p) => new TcnBlock(b, p, "tcn", inChannels, width, kernelSize, dilation), seed);
        string[] convs = inChannels == width ? ["conv1", "conv2"] : ["conv1", "conv2", "residual"];
        Assert.That(harness.Parameters.All.Select(p => p.Name),
            Is.EquivalentTo(convs.SelectMany(c => new[] { $"tcn.{c}.weight", $"tcn.{c}.bias" })),
            "a residual conv exactly when the widths differ");
        return block;
    }

    [TestCaseSource(nameof(Blocks))]
    public void EveryParameterAndInputGradientMatchesFiniteDifferences(int inChannels, int width, int kernelSize,
        int dilation, int length)
    {
        using var harness = new LayerGradientHarness();
        var block = Build(harness, inChannels, width, kernelSize, dilation, seed: 3);
        harness.AssertGradientsMatchFiniteDifferences(harness.RandomInput(inChannels, length, seed: 4), block.Forward,
            dy => block.Backward(dy, needInputGradient: true), everyCoordinateSmooth: false);
    }

    [TestCaseSource(nameof(Blocks))]
    public void BackwardWritesOverEveryParameterGradient(int inChannels, int width, int kernelSize, int dilation,
        int length)
    {
        using var harness = new LayerGradientHarness();
        var block = Build(harness, inChannels, width, kernelSize, dilation, seed: 5);
        harness.AssertBackwardOverwrites(harness.RandomInput(inChannels, length, seed: 6), block.Forward,
            dy => block.Backward(dy, needInputGradient: true));
    }

    [TestCaseSource(nameof(Blocks))]
    public void ParameterGradientsDoNotDependOnWhetherTheInputGradientIsWanted(int inChannels, int width,
        int kernelSize, int dilation, int length)
    {
        using var harness = new LayerGradientHarness();
        var block = Build(harness, inChannels, width, kernelSize, dilation, seed: 8);
        var output = block.Forward(harness.RandomInput(inChannels, length, seed: 9));
        var upstream = harness.Input(RandomTensors.Uniform(output.Buffer.Length, seed: 10), output.Batch,
            output.Channels, output.Length);

        harness.Backend.Fill(harness.Parameters.Gradients, 0f);
        Assert.That(block.Backward(upstream, needInputGradient: true), Is.Not.Null);
        var withInputGradient = harness.ParameterGradients();
        harness.Backend.Fill(harness.Parameters.Gradients, 0f);
        Assert.That(block.Backward(upstream, needInputGradient: false), Is.Null,
            "no input gradient when none is wanted (the first block)");

        TensorAssert.Equal(harness.ParameterGradients(), withInputGradient,
            "parameter gradients without the input gradient");
    }
}
