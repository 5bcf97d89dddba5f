using System.Numerics.Tensors;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// k-means vector quantization (Lloyd's algorithm from k-means++ seeding) of points [n, D] into <see cref="Count"/>
/// centroids [Count, D]. The distances run on the backend (<see cref="NearestCentroids"/>, one GEMM per chunk of
/// points, its buffers shared by all iterations). A centroid left without points is moved to the point farthest
/// from its own centroid. Deterministic for a seed. A cancelled fit stops at the end of its current seed or round and
/// returns whole centroids (<see cref="Fit"/>).
/// </summary>
public sealed class KMeans
{
    private KMeans(float[] centroids, int count, int dimension)
        => (Centroids, Count, Dimension) = (centroids, count, dimension);

    /// <summary>The stage names a fit reports: one step per k-means++ seed, then one per Lloyd round.</summary>
    public const string SeedingStage = "k-means++ seeds", RoundsStage = "k-means rounds";

    /// <summary>The centroids, row-major [Count, Dimension].</summary>
    public float[] Centroids { get; }
    public int Count { get; }
    public int Dimension { get; }

    /// <summary>
    /// Fits <paramref name="count"/> centroids to points [n, dimension] (n ≥ count), telling
    /// <paramref name="progress"/> of each seed (<see cref="SeedingStage"/>) and each round (<see cref="RoundsStage"/>,
    /// of <paramref name="maxIterations"/>; rounds the fit skips once the assignments settle count as done). Once
    /// <paramref name="cancel"/> is cancelled the fit stops at the end of the current seed or round: seeding stopped
    /// early fills the remaining centroids as <see cref="SpreadOutIndices"/> does, rounds stopped early leave the last
    /// round's means (or the seeds), and the last report is the last step done.
    /// </summary>
    public static KMeans Fit(IComputeBackend backend, float[] points, int dimension, int count, int seed,
        int maxIterations = 30, StageProgress? progress = null, CancellationToken cancel = default)
    {
        if (dimension < 1 || points.Length % dimension != 0)
            throw new ArgumentException($"{points.Length} values are not rows of {dimension}");
        int n = points.Length / dimension;
        if (count < 1 || count > n)
            throw new ArgumentException($"k-means with {count} centroids needs at least as many points, got {n}");
        var centroids = PlusPlusSeeds(points, dimension, count, new Random(seed), progress, cancel);
        using var search = new NearestCentroids(backend, points, dimension, count);
        int[]? previous = null;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (cancel.IsCancellationRequested) return new KMeans(centroids, count, dimension);
            var (nearest, distances) = search.Search(centroids);
            if (previous is not null && nearest.AsSpan().SequenceEqual(previous)) break;
            MoveToMeans(points, dimension, centroids, count, nearest, distances);
            previous = nearest;
            if (iteration + 1 < maxIterations) progress?.Invoke(RoundsStage, iteration + 1, maxIterations);
        }
        progress?.Invoke(RoundsStage, maxIterations, maxIterations);
        return new KMeans(centroids, count, dimension);
    }

    /// <summary>The index of each point's nearest centroid: points [n, D] -> [n].</summary>
    public int[] Assign(IComputeBackend backend, float[] points)
    {
        if (points.Length % Dimension != 0)
            throw new ArgumentException($"{points.Length} values are not rows of {Dimension}");
        if (points.Length == 0) return [];
        using var search = new NearestCentroids(backend, points, Dimension, Count);
        return search.Search(Centroids).Index;
    }

    // Lloyd's update: each centroid = the mean of its points; an empty one takes the farthest point not yet taken
    private static void MoveToMeans(float[] points, int dimension, float[] centroids, int count, int[] nearest,
        float[] distances)
    {
        var sums = new double[count * dimension];
        var members = new int[count];
        for (int i = 0; i < nearest.Length; i++)
        {
            members[nearest[i]]++;
            var point = points.AsSpan(i * dimension, dimension);
            for (int j = 0; j < dimension; j++) sums[nearest[i] * dimension + j] += point[j];
        }
        using var farthestFirst = FarthestFirst(distances).GetEnumerator();
        for (int c = 0; c < count; c++)
        {
            var centroid = centroids.AsSpan(c * dimension, dimension);
            if (members[c] > 0)
            {
                for (int j = 0; j < dimension; j++) centroid[j] = (float)(sums[c * dimension + j] / members[c]);
                continue;
            }
            farthestFirst.MoveNext();
            points.AsSpan(farthestFirst.Current * dimension, dimension).CopyTo(centroid);
        }
    }

    // the k-means++ seeds as centroids [count, D]
    private static float[] PlusPlusSeeds(float[] points, int dimension, int count, Random random,
        StageProgress? progress, CancellationToken cancel)
    {
        var centroids = new float[count * dimension];
        var chosen = SpreadOutIndices(points, dimension, count, random, progress, cancel);
        for (int c = 0; c < count; c++)
            points.AsSpan(chosen[c] * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
        return centroids;
    }

    /// <summary>
    /// k-means++ seeding of points [n, D]: the indices of <paramref name="count"/> points, the first drawn uniformly,
    /// each next with probability proportional to its squared distance from the nearest one already drawn (uniformly
    /// again once every point coincides with a drawn one); <paramref name="progress"/> hears of each
    /// (<see cref="SeedingStage"/>). Once <paramref name="cancel"/> is cancelled no more are drawn: the rest are the
    /// points farthest from the nearest drawn one, farthest first, the way a k-means round refills an empty cluster.
    /// </summary>
    public static int[] SpreadOutIndices(float[] points, int dimension, int count, Random random,
        StageProgress? progress = null, CancellationToken cancel = default)
    {
        int n = points.Length / dimension;
        var chosen = new int[count];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        chosen[0] = random.Next(n);
        progress?.Invoke(SeedingStage, 1, count);
        for (int c = 1; c < count; c++)
        {
            var last = points.AsMemory(chosen[c - 1] * dimension, dimension);
            Parallel.For(0, n, i =>
            {
                double d = TensorPrimitives.Distance<float>(points.AsSpan(i * dimension, dimension), last.Span);
                nearest[i] = Math.Min(nearest[i], d * d);
            });
            if (cancel.IsCancellationRequested) return FillFarthest(chosen, c, nearest);
            double total = nearest.Sum();
            chosen[c] = total > 0 ? Draw(nearest, total, random) : random.Next(n);
            progress?.Invoke(SeedingStage, c + 1, count);
        }
        return chosen;
    }

    // chosen[drawn..] = the points not yet chosen, farthest from the nearest chosen one first (squared distances in
    // nearest)
    private static int[] FillFarthest(int[] chosen, int drawn, double[] nearest)
    {
        var taken = chosen[..drawn].ToHashSet();
        int c = drawn;
        foreach (int i in FarthestFirst(nearest).Where(i => !taken.Contains(i)).Take(chosen.Length - drawn))
            chosen[c++] = i;
        return chosen;
    }

    // the indices of distances, largest distance first, ties to the lower index
    private static IEnumerable<int> FarthestFirst<T>(T[] distances) where T : IComparable<T>
        => Enumerable.Range(0, distances.Length).OrderByDescending(i => distances[i]).ThenBy(i => i);

    // an index drawn with probability proportional to its weight (weights summing to total > 0)
    private static int Draw(double[] weights, double total, Random random)
    {
        double target = random.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        return weights.Length - 1;
    }
}
