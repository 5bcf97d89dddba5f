using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion;

/// <summary>
/// <see cref="KMeansGainCoder"/>: at every budget, the k-means baseline's centroids of that budget's segment length
/// under the gain search (one per segment) or the union code (two), the same as those coders over the centroids.
/// </summary>
public class KMeansGainCoderTests
{
    private const int Channels = 27, Steps = 16, Atoms = 6, TrainCount = 60;

    [Test]
    public void TheGainSearchAtEachBudgetIsTheGainSearchOverThatBudgetsCentroids([Values(1, 2, 4, 8)] int budget)
    {
        var random = new Random(budget);
        var (train, bars) = (RandomBars(random, TrainCount), RandomBars(random, 20));
        using var backend = new CpuBackend();
        var kmeans = new KMeansBarCoder(backend, train, TrainCount, Channels, Steps, Atoms, seed: 1);
        using var coder = new KMeansGainCoder("kmeans+gain", kmeans, backend, Channels, Steps, union: false);
        int segmentSteps = Steps / budget;
        using var direct = new GainSearchCoder("kmeans+gain", backend, kmeans.Centroids(segmentSteps), Atoms, Channels,
            segmentSteps, Steps);

        Assert.That(coder.Reconstruct(bars, 20, budget), Is.EqualTo(direct.Reconstruct(bars, 20, budget)));
        Assert.That(coder.BudgetMeaning(budget), Does.Contain($"per {segmentSteps}-step frame"));
        Assert.That(coder.AtomsAt(budget), Is.EqualTo(Atoms));
    }

    [Test]
    public void TheUnionCodeAtEachEvenBudgetIsTheUnionCodeOverCentroidsTwiceAsLong([Values(2, 4, 8)] int budget)
    {
        var random = new Random(budget);
        var (train, bars) = (RandomBars(random, TrainCount), RandomBars(random, 20));
        using var backend = new CpuBackend();
        var kmeans = new KMeansBarCoder(backend, train, TrainCount, Channels, Steps, Atoms, seed: 1);
        using var coder = new KMeansGainCoder("kmeans+union", kmeans, backend, Channels, Steps, union: true);
        int segmentSteps = 2 * Steps / budget;
        using var direct = new UnionGainCoder("kmeans+union", backend, kmeans.Centroids(segmentSteps), Atoms,
            Channels, segmentSteps, Steps);

        Assert.That(coder.Reconstruct(bars, 20, budget), Is.EqualTo(direct.Reconstruct(bars, 20, budget)));
        Assert.That(coder.BudgetMeaning(budget), Does.Contain($"two atoms and their gains per {segmentSteps}-step"));
    }

    [Test]
    public void BudgetsFollowTheSegmentsThatTileABar()
    {
        using var backend = new CpuBackend();
        var kmeans = new KMeansBarCoder(backend, RandomBars(new Random(3), TrainCount), TrainCount, Channels, Steps,
            Atoms, seed: 1);
        using var gain = new KMeansGainCoder("kmeans+gain", kmeans, backend, Channels, Steps, union: false);
        using var union = new KMeansGainCoder("kmeans+union", kmeans, backend, Channels, Steps, union: true);

        Assert.That(new[] { 1, 2, 3, 4, 6, 8, 16 }.Where(gain.Supports), Is.EqualTo(new[] { 1, 2, 4, 8, 16 }));
        Assert.That(new[] { 1, 2, 3, 4, 6, 8, 16 }.Where(union.Supports), Is.EqualTo(new[] { 2, 4, 8, 16 }),
            "two per segment of 32 / b steps: even budgets whose half tiles the bar");
        Assert.That(() => union.Reconstruct(new float[Channels * Steps], 1, 3),
            Throws.ArgumentException.With.Message.Contains("kmeans+union cannot spend 3 non-zeros"));
    }

    // bars [n, 27, 16]: hits 1 with probability 0.2, each hit with a velocity
    private static float[] RandomBars(Random random, int count)
        => RandomGrooveGrids.Draw(random, count, Steps, hitProbability: 0.2);
}
