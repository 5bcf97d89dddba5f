using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class UnionLloydTests
{
    private const int Channels = 27, Drums = 9, Steps = 4, FrameSize = Channels * Steps, Velocity = Drums * Steps;

    [Test]
    public void EachAtomCellBecomesTheLeastSquaresFitOverTheCellsItIsResponsibleFor()
    {
        // atom 0: kicks on steps 0 and 2 at velocity 1; atom 1: closed hi-hat on every step at velocity 1; atom 2: a
        // snare no frame needs. Two frames hold both layers: kicks at velocities 0.2 and 0.6, hi-hats at 0.5 and 0.7.
        // Each frame's union code takes atoms 0 and 1 at gain 1, atom 0 decodes the kick cells and atom 1 the hi-hats
        var atoms = new float[3 * FrameSize];
        var frames = new float[2 * FrameSize];
        foreach (int step in new[] { 0, 2 })
        {
            (atoms[step], atoms[Velocity + step]) = (1f, 1f);
            foreach (var (frame, velocity) in new[] { (0, 0.2f), (1, 0.6f) })
                (frames[frame * FrameSize + step], frames[frame * FrameSize + Velocity + step]) = (1f, velocity);
        }
        for (int step = 0; step < Steps; step++)
        {
            int hiHat = 2 * Steps + step;
            (atoms[FrameSize + hiHat], atoms[FrameSize + Velocity + hiHat]) = (1f, 1f);
            foreach (var (frame, velocity) in new[] { (0, 0.5f), (1, 0.7f) })
                (frames[frame * FrameSize + hiHat], frames[frame * FrameSize + Velocity + hiHat]) = (1f, velocity);
        }
        atoms[2 * FrameSize + Steps] = 0.9f;
        using var backend = new CpuBackend();

        var refined = UnionLloyd.Refine(backend, frames, atoms, atomCount: 3, Channels, Steps, iterations: 1);

        Assert.That(refined[0], Is.EqualTo(1f).Within(1e-6f), "both frames' kick hits at gain 1");
        Assert.That(refined[Velocity], Is.EqualTo(0.4f).Within(1e-6f), "the mean of the kick velocities");
        Assert.That(refined[FrameSize + Velocity + 2 * Steps + 1], Is.EqualTo(0.6f).Within(1e-6f),
            "the mean of the hi-hat velocities, in the atom that lights them");
        Assert.That(refined[Velocity + 2 * Steps], Is.EqualTo(0f),
            "the kick atom is not responsible for the hi-hat cells and learns nothing of them");
        Assert.That(refined.Skip(2 * FrameSize), Is.EqualTo(atoms.Skip(2 * FrameSize)),
            "an atom no frame uses keeps its values");
    }
}
