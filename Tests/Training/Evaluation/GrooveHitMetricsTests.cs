using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Tests.Training.Evaluation;

public class GrooveHitMetricsTests
{
    private const int Steps = 4;

    private static float[] Grid(params (int Drum, int Step, float Velocity, float Offset)[] hits)
    {
        var grid = new float[27 * Steps];
        foreach (var (drum, step, velocity, offset) in hits)
        {
            grid[drum * Steps + step] = 1;
            grid[(9 + drum) * Steps + step] = velocity;
            grid[(18 + drum) * Steps + step] = offset;
        }
        return grid;
    }

    [Test]
    public void TheAccentCorrelationIsPerGridAndLeavesOutGridsPlayedAtOneVelocity()
    {
        var input = Grid((0, 0, 0.2f, 0f), (1, 1, 0.4f, 0f), (2, 2, 0.9f, 0f));
        var metrics = new GrooveHitMetrics();
        metrics.Add(input, Grid((0, 0, 0.3f, 0f), (1, 1, 0.5f, 0f), (2, 2, 1f, 0f)), Steps);   // shifted: r = 1
        metrics.Add(input, Grid((0, 0, 0.9f, 0f), (1, 1, 0.4f, 0f), (2, 2, 0.2f, 0f)), Steps);   // reversed
        metrics.Add(input, Grid((0, 0, 0.7f, 0f), (1, 1, 0.7f, 0f), (2, 2, 0.7f, 0f)), Steps);   // one velocity: 0
        var level = Grid((0, 0, 0.5f, 0f), (1, 1, 0.5f, 0f));
        metrics.Add(level, Grid((0, 0, 0.2f, 0f), (1, 1, 0.8f, 0f)), Steps);   // no accents to follow: left out

        var correlations = metrics.VelocityCorrelations;
        Assert.That(correlations.Items, Is.EqualTo(3));
        // the reversed grid: x = 0.2, 0.4, 0.9 against y = 0.9, 0.4, 0.2
        double reversed = Pearson([0.2, 0.4, 0.9], [0.9, 0.4, 0.2]);
        Assert.That(correlations.Mean, Is.EqualTo((1 + reversed + 0) / 3).Within(1e-6));
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }

    [Test]
    public void CountsHitsAndAveragesErrorsOnTheInputsHits()
    {
        var input = Grid((0, 0, 0.8f, 0.2f), (1, 2, 0.5f, 0f), (2, 3, 1f, -0.4f));
        var reconstruction = Grid((0, 0, 0.6f, 0.0f), (1, 2, 0.5f, 0.2f), (4, 1, 0.9f, 0f));
        reconstruction[2 * Steps + 3] = 0.49f;   // just below the hit threshold: a miss

        var metrics = new GrooveHitMetrics();
        metrics.Add(input, reconstruction, Steps);

        Assert.That((metrics.TruePositives, metrics.FalsePositives, metrics.FalseNegatives), Is.EqualTo((2L, 1L, 1L)));
        Assert.That(metrics.Precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.Recall, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.F1, Is.EqualTo(2.0 / 3).Within(1e-12));
        // velocity errors 0.2, 0, 1 (the missed hit's velocity channel is 0); offsets 0.2, 0.2, 0.4 stored = 0.1, 0.1,
        // 0.2 steps
        Assert.That(metrics.VelocityMae, Is.EqualTo(1.2 / 3).Within(1e-6));
        Assert.That(metrics.FoundVelocityMae, Is.EqualTo(0.2 / 2).Within(1e-6), "the two found hits: 0.2 and 0");
        Assert.That(metrics.OffsetMaeSteps, Is.EqualTo(0.4 / 3).Within(1e-6));
    }

    [Test]
    public void WrongSizesAreRejected()
    {
        Assert.That(() => new GrooveHitMetrics().Add(new float[27 * Steps], new float[27 * 3], Steps),
            Throws.ArgumentException);
    }

    [Test]
    public void SectionEvaluationAgreesWithOneSectionAtATime()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(
            new AutoencoderConfig { InputChannels = 27, Atoms = 6, FrameLength = 4, TopK = 2 }, backend, seed: 2);
        var random = new Random(3);
        var sections = Enumerable.Range(0, 5)
            .Select(_ => Enumerable.Range(0, 27 * 8)
            .Select(_ => random.NextDouble() < 0.2 ? (float)random.NextDouble() : 0f).ToArray()).ToList();

        var (loss, hits) = ReconstructionEvaluation.GrooveSections(model, sections, 8, batchSize: 2);
        var single = sections.Select(s => ReconstructionEvaluation.GrooveSections(model, [s], 8)).ToList();

        Assert.That(loss, Is.EqualTo(single.Average(s => s.Loss)).Within(1e-6));
        Assert.That(hits.TruePositives + hits.FalseNegatives,
            Is.EqualTo(single.Sum(s => s.Hits.TruePositives + s.Hits.FalseNegatives)));
        Assert.That(hits.F1, Is.InRange(0, 1));
    }
}
