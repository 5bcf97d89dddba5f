using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// Vector quantization of signal segments: for a segment length S, N k-means centroids [N, C * S] fit on the training
/// segments that <paramref name="trainingSegments"/> gives for S (rows [C, S], the layout of
/// <see cref="BarSegments"/>), once per S on first use. Quantizing replaces every segment of a signal by what its
/// nearest centroid decodes to: the centroid itself, or the row [C * S] that <paramref name="decodeRows"/> gives it
/// from the fitted centroids, the training segments they were fit on and S. One centroid index per segment, the
/// k-means baselines' code.
/// </summary>
public sealed class SegmentCodebooks(IComputeBackend backend, Func<int, float[]> trainingSegments, int channels,
    int atoms, int seed, Func<KMeans, float[], int, float[]>? decodeRows = null)
{
    private readonly Dictionary<int, (KMeans Quantizer, float[] Decoded)> _fitted = [];

    /// <summary>
    /// Whether bars of <paramref name="steps"/> steps, <paramref name="trainCount"/> of them for training, split into
    /// <paramref name="nonzerosPerBar"/> whole segments that give at least <paramref name="atoms"/> training segments.
    /// </summary>
    public static bool Supports(int nonzerosPerBar, int steps, int trainCount, int atoms)
        => nonzerosPerBar >= 1 && steps % nonzerosPerBar == 0 && trainCount * nonzerosPerBar >= atoms;

    /// <summary>
    /// signals [count, C, T] (T a multiple of <paramref name="segmentSteps"/>) -> [count, C, T], each segment
    /// replaced by its nearest centroid.
    /// </summary>
    public float[] Quantize(float[] signals, int count, int steps, int segmentSteps)
    {
        int dimension = channels * segmentSteps;
        var (quantizer, decoded) = Fitted(segmentSteps);
        var segments = BarSegments.Cut(signals, count, channels, steps, segmentSteps);
        var nearest = quantizer.Assign(backend, segments);
        for (int i = 0; i < nearest.Length; i++)
            decoded.AsSpan(nearest[i] * dimension, dimension).CopyTo(segments.AsSpan(i * dimension, dimension));
        return BarSegments.Paste(segments, count, channels, steps, segmentSteps);
    }

    /// <summary>The N centroids [N, C, S] for segments of S = <paramref name="segmentSteps"/> steps.</summary>
    public float[] Centroids(int segmentSteps) => Fitted(segmentSteps).Quantizer.Centroids;

    private (KMeans Quantizer, float[] Decoded) Fitted(int segmentSteps)
    {
        if (_fitted.TryGetValue(segmentSteps, out var fitted)) return fitted;
        var segments = trainingSegments(segmentSteps);
        var quantizer = KMeans.Fit(backend, segments, channels * segmentSteps, atoms, seed);
        return _fitted[segmentSteps] =
            (quantizer, decodeRows?.Invoke(quantizer, segments, segmentSteps) ?? quantizer.Centroids);
    }
}
