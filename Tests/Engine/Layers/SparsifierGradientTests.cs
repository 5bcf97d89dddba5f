using TcnWtaNative.Engine.Layers;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Reference;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine.Layers;

/// <summary>
/// The Sparsifier layer's input gradient (the winner mask applied to the upstream gradient) against finite differences,
/// through Forward/Backward on the CPU backend, for channel top-k, spatial and lifetime winners. Every pair of values
/// in z lies at least ten steps apart, so the k-th and (k+1)-th of any selection stay well separated and no
/// perturbation changes a winner.
/// </summary>
public class SparsifierGradientTests
{
    [TestCase(SparsityKind.ChannelTopK, 2, 5, 3, 1, 1f)]
    [TestCase(SparsityKind.ChannelTopK, 2, 5, 3, 2, 1f)]
    [TestCase(SparsityKind.ChannelTopK, 3, 6, 2, 5, 1f)]
    [TestCase(SparsityKind.Spatial, 2, 4, 5, 1, 1f)]
    [TestCase(SparsityKind.Lifetime, 5, 3, 4, 1, 0.4f)]
    [TestCase(SparsityKind.Lifetime, 4, 3, 3, 1, 1f)]
    public void InputGradientIsTheMaskedUpstreamAndMatchesFiniteDifferences(SparsityKind kind, int batch, int atoms,
        int length, int k, float rate)
    {
        using var harness = new LayerGradientHarness();
        var sparsifier = harness.Build((b, _) => new Sparsifier(b, kind, k, rate), seed: 1);
        var z = RandomTensors.Distinct(batch * atoms * length, seed: 2, gap: 10 * LayerGradientHarness.Step);

        harness.AssertGradientsMatchFiniteDifferences(harness.Input(z, batch, atoms, length), sparsifier.Forward,
            sparsifier.Backward, everyCoordinateSmooth: true);

        int kept = kind switch
        {
            SparsityKind.ChannelTopK => batch * length * k,
            SparsityKind.Spatial => batch * atoms,
            _ => atoms * SparsityShapes.LifetimeKeepCount(batch, rate),
        };
        Assert.That(sparsifier.Mask.ToHost(harness.Backend).Sum(), Is.EqualTo(kept),
            "the check ran with a mask that keeps some entries and drops others");
    }
}
