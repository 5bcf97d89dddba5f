using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Piano;

/// <summary>
/// The vector-quantization baseline: at b non-zeros per second the piece is cut into segments of f/b steps (the last
/// one padded with silence) and each is replaced by the nearest of N k-means centroids fit on the training sample's
/// segments, one centroid index per segment, as the Groove k-means coder does per bar. Budgets whose f/b is not a
/// whole number of steps, or whose training segments are fewer than N, are not supported.
/// </summary>
public sealed class KMeansPieceCoder(IComputeBackend backend, PianoTrainingSample sample, int atoms, int seed,
    StepRate rate)
    : IPieceCoder
{
    private readonly SegmentCodebooks _codebooks = new(backend, sample.Segments, sample.Channels, atoms, seed);

    public string Method => "kmeans";
    public int Atoms => atoms;

    public string? Unsupported(int nonzerosPerSecond)
    {
        if (rate.StepsPerNonzero(nonzerosPerSecond) is not { } steps)
            return $"one centroid per {rate.StepsPerSecond / nonzerosPerSecond:0.###} steps, not a whole number";
        long segments = sample.SegmentCount(steps);
        return segments >= atoms ? null
            : $"{atoms} centroids need as many {steps}-step training segments, the sample has {segments}";
    }

    public string BudgetMeaning(int nonzerosPerSecond)
        => $"one of {atoms} centroids per {rate.StepsPerNonzero(nonzerosPerSecond)}-step segment";

    public PieceCode Reconstruct(float[] signal, int length, int nonzerosPerSecond)
    {
        if (Unsupported(nonzerosPerSecond) is { } reason)
            throw new ArgumentException($"k-means cannot spend this budget: {reason}");
        int segmentSteps = rate.StepsPerNonzero(nonzerosPerSecond)!.Value;
        int segments = (length + segmentSteps - 1) / segmentSteps, padded = segments * segmentSteps;
        var whole = SignalRows.PadToLength(signal, sample.Channels, length, padded);
        var quantized = _codebooks.Quantize(whole, 1, padded, segmentSteps);
        return new PieceCode(SignalRows.TrimToLength(quantized, sample.Channels, padded, length), segments);
    }
}
