using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The vector-quantization baseline: at b non-zeros per bar, every bar is cut into b segments of T / b steps and each
/// segment is replaced by the nearest of N k-means centroids fit on the training bars' segments. One centroid index
/// per segment is one non-zero (its coefficient is fixed at 1). Each budget's centroids are fit once, on first use.
/// </summary>
public sealed class KMeansBarCoder(IComputeBackend backend, float[] trainBars, int trainCount, int channels, int steps,
    int atoms, int seed)
    : IBarCoder
{
    private readonly SegmentCodebooks _codebooks = new(backend,
        segmentSteps => BarSegments.Cut(trainBars, trainCount, channels, steps, segmentSteps), channels, atoms, seed);

    public string Method => "kmeans";
    public int AtomsAt(int nonzerosPerBar) => atoms;

    public bool Supports(int nonzerosPerBar) => SegmentCodebooks.Supports(nonzerosPerBar, steps, trainCount, atoms);

    public string BudgetMeaning(int nonzerosPerBar)
        => $"one of {atoms} centroids per {steps / nonzerosPerBar}-step segment";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException($"k-means cannot spend {nonzerosPerBar} non-zeros on bars of {steps} steps");
        return _codebooks.Quantize(bars, count, steps, steps / nonzerosPerBar);
    }

    /// <summary>
    /// The centroids [N, C, S] this baseline quantizes segments of S = <paramref name="segmentSteps"/> steps with
    /// (those of its budget T / S), for other coders to use the same dictionary.
    /// </summary>
    public float[] Centroids(int segmentSteps) => _codebooks.Centroids(segmentSteps);
}
