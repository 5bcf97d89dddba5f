using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Analysis;

using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Analysis;

public class KMeansTests
{
    // three tight clusters around far-apart centres in 5 dimensions, 40 points each, interleaved
    private static (float[] Points, float[][] Centres) Clusters(int seed)
    {
        var centres = new[] { new float[] { 10, 0, 0, 0, 0 }, new float[] { 0, -10, 0, 5, 0 },
            new float[] { 0, 0, 10, 0, -10 } };
        var random = new Random(seed);
        var points = new float[120 * 5];
        for (int i = 0; i < 120; i++)
            for (int j = 0; j < 5; j++)
                points[i * 5 + j] = centres[i % 3][j] + (float)(random.NextDouble() - 0.5) * 0.2f;
        return (points, centres);
    }

    [Test]
    public void FindsSeparatedClustersAndAssignsEachPointToItsOwn()
    {
        var (points, centres) = Clusters(seed: 3);
        using var backend = new CpuBackend();

        var kmeans = KMeans.Fit(backend, points, dimension: 5, count: 3, seed: 1);
        var assigned = kmeans.Assign(backend, points);

        for (int i = 3; i < 120; i++)
            Assert.That(assigned[i], Is.EqualTo(assigned[i % 3]), $"point {i} left its cluster");
        Assert.That(assigned.Take(3).Distinct().Count(), Is.EqualTo(3));
        foreach (var centre in centres)
        {
            double nearest = Enumerable.Range(0, 3)
                .Min(c => Enumerable.Range(0, 5).Sum(j => Math.Pow(kmeans.Centroids[c * 5 + j] - centre[j], 2)));
            Assert.That(nearest, Is.LessThan(0.01), "each true centre has a centroid on it");
        }
    }

    [Test]
    public void CentroidsAreTheMeansOfTheirPointsAtConvergence()
    {
        var points = RandomTensors.UniformFloat(200 * 4, seed: 7);
        using var backend = new CpuBackend();

        var kmeans = KMeans.Fit(backend, points, dimension: 4, count: 6, seed: 2, maxIterations: 200);
        var assigned = kmeans.Assign(backend, points);

        for (int c = 0; c < 6; c++)
        {
            var members = Enumerable.Range(0, 200).Where(i => assigned[i] == c).ToList();
            Assert.That(members, Is.Not.Empty, $"centroid {c} has no points");
            for (int j = 0; j < 4; j++)
                Assert.That(kmeans.Centroids[c * 4 + j],
                    Is.EqualTo(members.Average(i => points[i * 4 + j])).Within(1e-4));
        }
    }

    [Test]
    public void AnotherLloydIterationAllocatesFarLessThanAScoreTable()
    {
        const int points = 4096, dimension = 8, count = 256;
        var data = RandomTensors.UniformFloat(points * dimension, seed: 5);
        using var backend = new CpuBackend();
        long Allocated(int iterations)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            KMeans.Fit(backend, data, dimension, count, seed: 1, maxIterations: iterations);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2);

        long extra = Allocated(2) - Allocated(1);

        long scoreTable = (long)points * count * sizeof(float);
        TestContext.Out.WriteLine($"a second iteration allocated {extra >> 10} KB; a score table [{points}, {count}] "
            + $"is {scoreTable >> 10} KB");
        Assert.That(extra, Is.LessThan(scoreTable / 4), "each iteration should reuse the distance search's buffers");
    }

    [Test]
    public void MoreCentroidsThanPointsIsAClearError()
        => Assert.That(() => KMeans.Fit(new CpuBackend(), new float[6], dimension: 2, count: 4, seed: 1),
            Throws.ArgumentException.With.Message.Contains("at least as many points"));
}
