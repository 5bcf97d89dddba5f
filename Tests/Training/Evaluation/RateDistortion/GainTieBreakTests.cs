using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

/// <summary>
/// <see cref="GainTieBreak"/> in both coders: two atoms that light the same hits (kicks on steps 0 and 2) but carry
/// different velocities tie on every frame's wrong-cell count; by default the coders give each frame the atom whose
/// velocities fit it, and with <see cref="GainTieBreak.LowerAtom"/> the lower atom, whatever the frame's velocities.
/// </summary>
public class GainTieBreakTests
{
    private const int Channels = 27, Drums = 9, Steps = 4, FrameSize = Channels * Steps;
    private static readonly float[] Velocities = [0.3f, 0.9f];

    // atoms [2, 27, 4] (atom n's kicks at velocity Velocities[n]) and frames [2, 27, 4] (frame f's kicks likewise)
    private static float[] Kicks()
    {
        var grids = new float[2 * FrameSize];
        for (int n = 0; n < 2; n++)
            foreach (int step in new[] { 0, 2 })
                (grids[n * FrameSize + step], grids[n * FrameSize + Drums * Steps + step]) = (1f, Velocities[n]);
        return grids;
    }

    [Test]
    public void TheGainSearchGivesEachFrameTheAtomWhoseVelocitiesFitIt([Values] GainTieBreak tieBreak)
    {
        using var backend = new CpuBackend();
        using var coder = new GainSearchCoder("kmeans+gain", backend, Kicks(), 2, Channels, Steps, Steps, tieBreak);

        var (atoms, gains) = coder.Choose(Kicks(), 2);

        Assert.That(atoms, Is.EqualTo(tieBreak == GainTieBreak.FrameFit ? new[] { 0, 1 } : new[] { 0, 0 }));
        Assert.That(gains, Is.All.GreaterThan(0f), "both frames lit");
        var reconstruction = coder.Reconstruct(Kicks(), 2, nonzerosPerBar: 1);
        if (tieBreak == GainTieBreak.FrameFit)
            Assert.That(reconstruction[FrameSize + Drums * Steps], Is.GreaterThan(0.5f), "the loud frame stays loud");
    }

    [Test]
    public void TheUnionCodeGivesEachFrameTheAtomWhoseVelocitiesFitIt([Values] GainTieBreak tieBreak)
    {
        using var backend = new CpuBackend();
        using var coder = new UnionGainCoder("kmeans+union", backend, Kicks(), 2, Channels, Steps, Steps, tieBreak);

        var codes = coder.Choose(Kicks(), 2);

        Assert.That(codes.Select(code => code.First),
            Is.EqualTo(tieBreak == GainTieBreak.FrameFit ? new[] { 0, 1 } : new[] { 0, 0 }));
        Assert.That(codes.Select(code => code.Second), Is.All.EqualTo(-1),
            "nothing is left for a second atom, and lighting nothing wins its tie");
    }
}
