using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

public class BarCodersTests
{
    [Test]
    public void SegmentsCutAndPasteBackExactly()
    {
        var bars = RandomTensors.UniformFloat(5 * 3 * 8, seed: 1);

        var segments = BarSegments.Cut(bars, count: 5, channels: 3, steps: 8, segmentSteps: 2);

        // segment s of bar i holds steps [2s, 2s+2) of every channel of bar i
        Assert.That(segments[((1 * 4 + 2) * 3 + 1) * 2 + 1], Is.EqualTo(bars[(1 * 3 + 1) * 8 + 2 * 2 + 1]));
        Assert.That(BarSegments.Paste(segments, 5, 3, 8, 2), Is.EqualTo(bars));
        Assert.That(() => BarSegments.Cut(bars, 5, 3, 8, 3),
            Throws.ArgumentException.With.Message.Contains("segments of 3 steps"));
    }

    [Test]
    public void KMeansAtOneCentroidPerBarReplacesEachBarByACentroid()
    {
        var train = RandomTensors.UniformFloat(40 * 2 * 4, seed: 2, low: 0, high: 1);
        using var backend = new CpuBackend();
        var coder = new KMeansBarCoder(backend, train, trainCount: 40, channels: 2, steps: 4, atoms: 5, seed: 1);

        var reconstruction = coder.Reconstruct(train, 40, nonzerosPerBar: 1);

        var distinctBars = Enumerable.Range(0, 40).Select(i => string.Join(",", reconstruction.Skip(i * 8).Take(8)))
            .Distinct().Count();
        Assert.That(distinctBars, Is.LessThanOrEqualTo(5), "five centroids give at most five distinct bars");
        Assert.That(coder.Supports(2) && coder.Supports(4) && !coder.Supports(3), Is.True,
            "budgets must split 4 steps evenly");
        var finer = coder.Reconstruct(train, 40, nonzerosPerBar: 4);
        Assert.That(SquaredError(train, finer), Is.LessThan(SquaredError(train, reconstruction)),
            "four centroids per bar fit better than one");
    }

    [Test]
    public void GainSearchLightsADenserOrSparserVersionOfAnAtomThatVectorQuantizationCannot()
    {
        // one atom [27, 4] whose kick row fades 1.0, 0.8, 0.6, 0.3 over the 4 steps (the other rows 0); at gain 1 (the
        // k-means code) its hits are the first three steps. Bars: all four kicks, only the first, and a snare hit
        const int channels = 27, steps = 4;
        var atom = new float[channels * steps];
        float[] kick = [1.0f, 0.8f, 0.6f, 0.3f];
        kick.CopyTo(atom, 0);
        var bars = new float[3 * channels * steps];
        for (int j = 0; j < steps; j++) bars[j] = 1;
        bars[channels * steps] = 1;
        bars[2 * channels * steps + steps] = 1;
        using var backend = new CpuBackend();
        using var coder = new GainSearchCoder("model+gain", backend, atom, atomCount: 1, channels, frameLength: steps,
            steps);

        var reconstruction = coder.Reconstruct(bars, 3, nonzerosPerBar: 1);

        bool[] Hits(int bar)
            => [.. Enumerable.Range(0, steps).Select(j => reconstruction[bar * channels * steps + j] > 0.5f)];
        Assert.That(Hits(0), Is.EqualTo(new[] { true, true, true, true }),
            "a larger gain lights the faint fourth step too");
        Assert.That(Hits(1), Is.EqualTo(new[] { true, false, false, false }),
            "a smaller gain keeps only the loudest step");
        Assert.That(reconstruction.Skip(2 * channels * steps).Take(channels * steps), Is.All.EqualTo(0f),
            "an atom without snare stays unused");
        Assert.That(coder.Supports(1) && !coder.Supports(2), Is.True, "one atom and gain per frame");
    }

    [Test]
    public void AGainCapThatIsNotAbove0IsRefused([Values(0f, -1f, float.NaN)] float cap)
    {
        var atom = new float[27 * 4];
        atom[0] = 1f;
        using var backend = new CpuBackend();

        var error = Assert.Throws<ArgumentException>(() => new GainSearchDictionary(backend, atom, 1, 27, 4, cap));

        Assert.That(error!.Message, Does.Contain("above 0"));
    }

    [Test]
    public void PcaWithAllComponentsIsExactAndWithFewerIsWorse()
    {
        // 30 bars of [1, 4] that live in a 2-dimensional subspace plus a mean
        var random = new Random(4);
        var bars = new float[30 * 4];
        for (int i = 0; i < 30; i++)
        {
            double a = random.NextDouble(), b = random.NextDouble();
            for (int j = 0; j < 4; j++) bars[i * 4 + j] = (float)(1 + a * (j + 1) + b * (j % 2 == 0 ? 1 : -1));
        }
        var coder = new PcaBarCoder(bars, 30, channels: 1, steps: 4, components: 2);

        Assert.That(SquaredError(bars, coder.Reconstruct(bars, 30, 2)), Is.LessThan(1e-8));
        Assert.That(SquaredError(bars, coder.Reconstruct(bars, 30, 1)), Is.GreaterThan(1e-3));
    }

    [Test]
    public void RandomFramesAreNonEmptyTrainingFrames()
    {
        var values = new float[6 * 1 * 4];
        values[1 * 4 + 2] = 1;   // bar 1, second 2-step frame
        values[4 * 4 + 0] = 2;   // bar 4, first frame
        var atoms = RandomFrames.Draw(new Bars("train", values, 6, 1, 4), frameLength: 2, count: 2, seed: 1);

        Assert.That(atoms.OrderBy(v => v), Is.EqualTo(new float[] { 0, 0, 1, 2 }), "exactly the two non-empty frames");
        Assert.That(() => RandomFrames.Draw(new Bars("train", values, 6, 1, 4), 2, 3, 1),
            Throws.ArgumentException.With.Message.Contains("non-empty"));
    }

    [Test]
    public void PursuitSpendsTheBarsBudgetAcrossItsFramesAndRecoversExactCombinations()
    {
        // four orthogonal atoms [1, 2]; each bar [1, 8] (four frames) puts two scaled atoms in two of its frames
        float[] atoms = [1, 0, 0, 1, 1, 1, 1, -1];
        var bars = new float[3 * 8];
        int[][] placed = [[0, 1, 3, 2], [2, 0, 1, 3], [1, 3, 0, 2]];   // (frame, atom) twice per bar
        for (int i = 0; i < 3; i++)
            for (int p = 0; p < 4; p += 2)
                for (int j = 0; j < 2; j++)
                    bars[i * 8 + placed[i][p] * 2 + j] += (i + 2) * atoms[placed[i][p + 1] * 2 + j];
        using var backend = new CpuBackend();
        using var coder = new PursuitCoder(backend, atoms, atomCount: 4, channels: 1, frameLength: 2);
        var pursuit = new PursuitBarCoder("random+omp", coder, backend, steps: 8);

        Assert.That(SquaredError(bars, pursuit.Reconstruct(bars, 3, nonzerosPerBar: 2)), Is.LessThan(1e-8),
            "two picks per bar recover both atoms");
        Assert.That(SquaredError(bars, pursuit.Reconstruct(bars, 3, nonzerosPerBar: 1)), Is.GreaterThan(1),
            "one pick cannot");
        Assert.That(pursuit.Supports(16) && !pursuit.Supports(17), Is.True, "at most every atom in every frame");
    }

    [Test]
    public void PursuitOverHitLogitAtomsDecodesProbabilities()
    {
        var config = new AutoencoderConfig { InputChannels = 2, Atoms = 1, FrameLength = 1, Loss = LossKind.Hits,
            HitChannels = 1 };
        float[] atom = [4, 0.5f];   // a certain hit at velocity 0.5, as the hits loss stores it
        using var backend = new CpuBackend();
        using var coder = new PursuitCoder(backend, atom, atomCount: 1, channels: 2, frameLength: 1);
        var pursuit = new PursuitBarCoder("model+omp", coder, backend, steps: 1, outputSpace: config);

        var reconstruction = pursuit.Reconstruct([1, 0.5f], 1, nonzerosPerBar: 1);

        Assert.That(reconstruction[0], Is.InRange(0.9f, 1f), "the hit comes back as a probability above 0.5");
    }

    private static double SquaredError(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();
}
