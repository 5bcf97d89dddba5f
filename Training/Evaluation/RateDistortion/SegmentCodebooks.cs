using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Vector quantization of signal segments: for a segment length S, N k-means centroids [N, C * S] fit on the training
/// segments that <paramref name="trainingSegments"/> gives for S (rows [C, S], the layout of
/// <see cref="BarSegments"/>), once per S on first use. Quantizing replaces every segment of a signal by its nearest
/// centroid: one centroid index per segment, the k-means baseline's code.
/// </summary>
public sealed class SegmentCodebooks(
    IComputeBackend backend, Func<int, float[]> trainingSegments, int channels, int atoms, int seed)
{
    private readonly Dictionary<int, KMeans> _fitted = [];

    /// <summary>
    /// signals [count, C, T] (T a multiple of <paramref name="segmentSteps"/>) -> [count, C, T], each segment
    /// replaced by its nearest centroid.
    /// </summary>
    public float[] Quantize(float[] signals, int count, int steps, int segmentSteps)
    {
        int dimension = channels * segmentSteps;
        var quantizer = Fitted(segmentSteps);
        var segments = BarSegments.Cut(signals, count, channels, steps, segmentSteps);
        var nearest = quantizer.Assign(backend, segments);
        for (int i = 0; i < nearest.Length; i++)
            quantizer.Centroids.AsSpan(nearest[i] * dimension, dimension)
                .CopyTo(segments.AsSpan(i * dimension, dimension));
        return BarSegments.Paste(segments, count, channels, steps, segmentSteps);
    }

    /// <summary>The N centroids [N, C, S] for segments of S = <paramref name="segmentSteps"/> steps.</summary>
    public float[] Centroids(int segmentSteps) => Fitted(segmentSteps).Centroids;

    private KMeans Fitted(int segmentSteps)
    {
        if (!_fitted.TryGetValue(segmentSteps, out var quantizer))
            _fitted[segmentSteps] = quantizer =
                KMeans.Fit(backend, trainingSegments(segmentSteps), channels * segmentSteps, atoms, seed);
        return quantizer;
    }
}
