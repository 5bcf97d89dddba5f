using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

/// <summary>
/// <see cref="UnionGainCoder"/>: the union decoding on a hand-built dictionary, its wrong-cell count against the
/// one-atom gain search, and its codes against a plain host reference (a brute force over every atom and cut that
/// shares no code with the backend's threshold search).
/// </summary>
public class UnionGainCoderTests
{
    private const int Channels = 27, Drums = 9, Steps = 4, FrameSize = Channels * Steps, Cells = Drums * Steps;

    [Test]
    public void TheUnionOfTwoLayersReproducesAFrameNeitherAtomCanAlone()
    {
        // atom 0: kicks on steps 0 and 2 (velocity 0.8); atom 1: closed hi-hat on every step (velocity 0.5). The frame
        // holds both layers; one atom and a gain light at most one of them
        var atoms = new float[2 * FrameSize];
        var frame = new float[FrameSize];
        foreach (int step in new[] { 0, 2 })
        {
            (atoms[step], atoms[Drums * Steps + step]) = (1f, 0.8f);
            (frame[step], frame[Drums * Steps + step]) = (1f, 0.8f);
        }
        for (int step = 0; step < Steps; step++)
        {
            int hiHat = 2 * Steps + step;
            (atoms[FrameSize + hiHat], atoms[FrameSize + Drums * Steps + hiHat]) = (1f, 0.5f);
            (frame[hiHat], frame[Drums * Steps + hiHat]) = (1f, 0.5f);
        }
        using var backend = new CpuBackend();
        using var union = new UnionGainCoder("kmeans+union", backend, atoms, 2, Channels, Steps, Steps);
        using var gain = new GainSearchCoder("kmeans+gain", backend, atoms, 2, Channels, Steps, Steps);

        var reconstruction = union.Reconstruct(frame, 1, nonzerosPerBar: 2);

        Assert.That(WrongCells(frame, reconstruction), Is.Zero, "every hit of both layers, nothing else");
        Assert.That(reconstruction, Is.EqualTo(frame).Within(1e-6f), "velocities from the atom that lights each hit");
        Assert.That(WrongCells(frame, gain.Reconstruct(frame, 1, nonzerosPerBar: 1)), Is.GreaterThan(0),
            "one atom and a gain cannot");
        Assert.That(union.Supports(2) && !union.Supports(1), Is.True, "two non-zeros per frame");
    }

    [Test]
    public void NeverMoreWrongCellsThanTheGainSearchWithOneAtom([Values(1, 2, 3)] int seed)
    {
        var random = new Random(seed);
        var atoms = RandomAtoms(random, 8);
        var frames = RandomFrames(random, 40);
        using var backend = new CpuBackend();
        using var union = new UnionGainCoder("random+union", backend, atoms, 8, Channels, Steps, Steps);
        using var gain = new GainSearchCoder("random+gain", backend, atoms, 8, Channels, Steps, Steps);

        int unionWrong = WrongCells(frames, union.Reconstruct(frames, 40, 2));
        int gainWrong = WrongCells(frames, gain.Reconstruct(frames, 40, 1));

        Assert.That(unionWrong, Is.LessThanOrEqualTo(gainWrong));
        Assert.That(unionWrong, Is.LessThan(gainWrong), "on random frames a second layer helps somewhere");
    }

    [Test]
    public void CodesEqualAPlainHostReference([Values(4, 5)] int seed)
    {
        var random = new Random(seed);
        const int atomCount = 7, count = 30;
        var atoms = RandomAtoms(random, atomCount);
        var frames = RandomFrames(random, count);
        using var backend = new CpuBackend();
        using var coder = new UnionGainCoder("random+union", backend, atoms, atomCount, Channels, Steps, Steps);

        var codes = coder.Choose(frames, count);

        var reference = new HostUnionReference(atoms, atomCount);
        for (int f = 0; f < count; f++)
        {
            var expected = reference.Code(frames.AsSpan(f * FrameSize, FrameSize).ToArray());
            Assert.That((codes[f].First, codes[f].Second), Is.EqualTo((expected.First, expected.Second)),
                $"frame {f}");
            Assert.That(codes[f].FirstGain, Is.EqualTo(expected.FirstGain).Within(1e-6f), $"frame {f}");
            Assert.That(codes[f].SecondGain, Is.EqualTo(expected.SecondGain).Within(1e-6f), $"frame {f}");
        }
    }

    // atoms [n, 27, 4]: hit rows from 6 levels in [0, 1], the other rows uniform in [0, 1]
    private static float[] RandomAtoms(Random random, int count)
    {
        var atoms = new float[count * FrameSize];
        for (int n = 0; n < count; n++)
            for (int i = 0; i < FrameSize; i++)
                atoms[n * FrameSize + i] = i < Cells ? random.Next(6) / 5f : (float)random.NextDouble();
        return atoms;
    }

    // frames [n, 27, 4]: hits 1 with probability 0.25, each hit with a velocity
    private static float[] RandomFrames(Random random, int count)
        => RandomGrooveGrids.Draw(random, count, Steps, hitProbability: 0.25);

    private static int WrongCells(float[] frames, float[] reconstruction)
    {
        int wrong = 0;
        for (int f = 0; f < frames.Length / FrameSize; f++)
            for (int d = 0; d < Cells; d++)
                if (frames[f * FrameSize + d] > 0.5f != reconstruction[f * FrameSize + d] > 0.5f) wrong++;
        return wrong;
    }

    /// <summary>
    /// The union coder written out plainly per frame: each choice tries every atom at every cut between its distinct
    /// hit scores (scaled to a peak of 1, above the gain cap's 0.25) and counts the wrong cared-for cells directly;
    /// atoms with equally few go to the larger least-squares fit to the whole frame, c |c| / ||atom||² with c the dot
    /// product of frame and atom over all 27 rows.
    /// </summary>
    private sealed class HostUnionReference(float[] atoms, int atomCount)
    {
        private const float MinimumCut = 0.25f;

        private float Peak(int n)
            => atoms.Skip(n * FrameSize).Take(Cells).Max() is var peak && peak > 0f ? peak : 1f;

        private float Score(int n, int d) => atoms[n * FrameSize + d] / Peak(n);

        private bool Lit(int n, float cut, int d) => n >= 0 && Score(n, d) > cut;

        public UnionCode Code(float[] frame)
        {
            var hits = frame.Take(Cells).Select(v => v > 0.5f).ToArray();
            var fits = Enumerable.Range(0, atomCount).Select(n => Fit(frame, n)).ToArray();
            var (first, firstCut) = Best(hits, _ => true, fits);
            var (second, secondCut) = Best(hits, d => !Lit(first, firstCut, d), fits);
            (first, firstCut) = Best(hits, d => !Lit(second, secondCut, d), fits);
            (second, secondCut) = Best(hits, d => !Lit(first, firstCut, d), fits);
            return new UnionCode(first, Gain(first, firstCut), second, Gain(second, secondCut));
        }

        private float Gain(int n, float cut) => n < 0 ? 0f : 0.5f / (cut * Peak(n));

        private float Fit(float[] frame, int n)
        {
            double dot = 0, norm = 0;
            for (int i = 0; i < FrameSize; i++)
            {
                dot += frame[i] * atoms[n * FrameSize + i];
                norm += atoms[n * FrameSize + i] * atoms[n * FrameSize + i];
            }
            return norm > 0 ? (float)(dot * Math.Abs(dot) / norm) : 0f;
        }

        // nothing first, then atoms in order, each from its fewest lit cells up: the first strictly better wins, or
        // another atom with as few wrong cells and a larger fit
        private (int Atom, float Cut) Best(bool[] hits, Func<int, bool> cares, float[] fits)
        {
            int Errors(int n, float cut)
                => Enumerable.Range(0, Cells).Count(d => cares(d) && hits[d] != Lit(n, cut, d));
            var best = (Atom: -1, Cut: 0f, Errors: Errors(-1, 0f));
            for (int n = 0; n < atomCount; n++)
            {
                var levels = Enumerable.Range(0, Cells).Select(d => Score(n, d)).Distinct().OrderDescending().ToList();
                for (int i = 0; i < levels.Count && levels[i] > MinimumCut; i++)
                {
                    float next = i + 1 < levels.Count ? Math.Max(levels[i + 1], 0f) : 0f;
                    float cut = Math.Max((levels[i] + next) / 2f, MinimumCut);
                    int errors = Errors(n, cut);
                    bool takesTie = errors == best.Errors && best.Atom >= 0 && best.Atom != n
                        && fits[n] > fits[best.Atom];
                    if (errors < best.Errors || takesTie) best = (n, cut, errors);
                }
            }
            return (best.Atom, best.Cut);
        }
    }
}
