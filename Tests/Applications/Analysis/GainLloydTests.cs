using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class GainLloydTests
{
    private const int Channels = 27, Steps = 4, FrameSize = Channels * Steps;

    [Test]
    public void AnAtomBecomesTheLeastSquaresFitOfItsFramesUnderTheirGains()
    {
        // one atom [27, 4] with a kick on steps 0 and 1 (1.0 and 0.6) and no velocity; two frames with those two kicks
        // at velocities 0.2 and 0.6, and a snare frame the atom cannot code (left empty, so it takes no part)
        var atom = new float[FrameSize];
        (atom[0], atom[1]) = (1f, 0.6f);
        var frames = new float[3 * FrameSize];
        foreach (var (frame, velocity) in new[] { (0, 0.2f), (1, 0.6f) })
        {
            (frames[frame * FrameSize], frames[frame * FrameSize + 1]) = (1f, 1f);
            int kickVelocity = frame * FrameSize + 9 * Steps;
            (frames[kickVelocity], frames[kickVelocity + 1]) = (velocity, velocity);
        }
        frames[2 * FrameSize + Steps] = 1f;
        using var backend = new CpuBackend();

        var refined = GainLloyd.Refine(backend, frames, atom, atomCount: 1, Channels, Steps, iterations: 1);

        using var coder = new GainSearchCoder("kmeans+gain", backend, atom, atomCount: 1, Channels, Steps, Steps);
        var (chosen, gains) = coder.Choose(frames, 3);
        Assert.That(chosen, Is.EqualTo(new[] { 0, 0, -1 }), "the kicks take the atom, the snare frame stays empty");
        Assert.That(gains[1], Is.EqualTo(gains[0]), "one hit pattern, one gain g");
        // a = (g x_0 + g x_1) / (2 g²) = (x_0 + x_1) / (2 g)
        Assert.That(refined[0], Is.EqualTo(1f / gains[0]).Within(1e-5f));
        Assert.That(refined[1], Is.EqualTo(1f / gains[0]).Within(1e-5f),
            "the weak kick step becomes as strong as the other");
        Assert.That(refined[9 * Steps], Is.EqualTo(0.4f / gains[0]).Within(1e-5f),
            "the velocities' mean, divided by the gain");
        Assert.That(refined[Steps], Is.EqualTo(0f), "the empty frame's snare does not move the atom");
    }
}
