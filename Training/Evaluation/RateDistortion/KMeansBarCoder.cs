using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The vector-quantization baseline: at b non-zeros per bar, every bar is cut into b segments of T / b steps and each
/// segment is replaced by the nearest of N k-means centroids fit on the training bars' segments. One centroid index
/// per segment is one non-zero (its coefficient is fixed at 1). Each budget's centroids are fit once, on first use.
/// </summary>
public sealed class KMeansBarCoder(IComputeBackend backend, float[] trainBars, int trainCount, int channels, int steps, int atoms, int seed)
    : IBarCoder
{
    private readonly Dictionary<int, KMeans> _fitted = [];

    public string Method => "kmeans";
    public int AtomsAt(int nonzerosPerBar) => atoms;

    public bool Supports(int nonzerosPerBar) => nonzerosPerBar >= 1 && steps % nonzerosPerBar == 0 && trainCount * nonzerosPerBar >= atoms;

    public string BudgetMeaning(int nonzerosPerBar) => $"one of {atoms} centroids per {steps / nonzerosPerBar}-step segment";

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar)) throw new ArgumentException($"k-means cannot spend {nonzerosPerBar} non-zeros on bars of {steps} steps");
        int segmentSteps = steps / nonzerosPerBar, dimension = channels * segmentSteps;
        if (!_fitted.TryGetValue(nonzerosPerBar, out var quantizer))
            _fitted[nonzerosPerBar] = quantizer = KMeans.Fit(backend, BarSegments.Cut(trainBars, trainCount, channels, steps, segmentSteps), dimension, atoms, seed);
        var segments = BarSegments.Cut(bars, count, channels, steps, segmentSteps);
        var nearest = quantizer.Assign(backend, segments);
        for (int i = 0; i < nearest.Length; i++)
            quantizer.Centroids.AsSpan(nearest[i] * dimension, dimension).CopyTo(segments.AsSpan(i * dimension, dimension));
        return BarSegments.Paste(segments, count, channels, steps, segmentSteps);
    }
}
