using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// The Relu layer's input gradient against finite differences, through Forward/Backward on the CPU backend, at inputs
/// of both signs kept at least ten steps from the kink at 0.
/// </summary>
public class ReluGradientTests
{
    [TestCase(1, 1, 7)]
    [TestCase(2, 3, 8)]
    [TestCase(3, 2, 13)]
    public void InputGradientMatchesFiniteDifferencesAwayFromZero(int batch, int channels, int length)
    {
        using var harness = new LayerGradientHarness();
        var relu = harness.Build((b, _) => new Relu(b), seed: 1);
        var values = RandomTensors.AwayFromZero(batch * channels * length, seed: 2,
            margin: 10 * LayerGradientHarness.Step);
        harness.AssertGradientsMatchFiniteDifferences(harness.Input(values, batch, channels, length), relu.Forward,
            relu.Backward, everyCoordinateSmooth: true);
    }
}
