using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// The k-means baseline that has seen the noise, the peer of a model trained on noisy bars (<c>train --input-noise</c>):
/// at b non-zeros per bar, N k-means centroids are fit on the training bars' segments of T / b steps with the same
/// noise added (<see cref="NoisyBars"/>, its own seed), and each centroid decodes to the mean of the clean segments it
/// took (a centroid that took none decodes to itself). A noisy segment is replaced by the clean mean of its nearest
/// noisy centroid: one index per segment, the budget of <see cref="KMeansBarCoder"/>. Method "kmeans-denoise".
/// </summary>
public sealed class DenoisingKMeansCoder(IComputeBackend backend, Bars train, HitNoise noise, int atoms, int seed)
    : IBarCoder
{
    private readonly Dictionary<int, (KMeans Noisy, float[] CleanMeans)> _fitted = [];
    private Bars? _noisyTrain;

    /// <inheritdoc />
    public string Method => "kmeans-denoise";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => atoms;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => nonzerosPerBar >= 1 && train.Steps % nonzerosPerBar == 0
        && train.Count * nonzerosPerBar >= atoms;

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => $"one of {atoms} centroids of noisy training segments per {train.Steps / nonzerosPerBar}-step segment, "
            + "each decoded as the mean of its clean segments";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"k-means cannot spend {nonzerosPerBar} non-zeros on bars of {train.Steps} steps");
        int segmentSteps = train.Steps / nonzerosPerBar, dimension = train.Channels * segmentSteps;
        var (noisy, cleanMeans) = Fitted(segmentSteps);
        var segments = BarSegments.Cut(bars, count, train.Channels, train.Steps, segmentSteps);
        var nearest = noisy.Assign(backend, segments);
        for (int i = 0; i < nearest.Length; i++)
            cleanMeans.AsSpan(nearest[i] * dimension, dimension).CopyTo(segments.AsSpan(i * dimension, dimension));
        return BarSegments.Paste(segments, count, train.Channels, train.Steps, segmentSteps);
    }

    // the centroids of the noisy training segments of that length and the clean mean [N, C * S] of each one's segments
    private (KMeans Noisy, float[] CleanMeans) Fitted(int segmentSteps)
    {
        if (_fitted.TryGetValue(segmentSteps, out var fitted)) return fitted;
        _noisyTrain ??= NoisyBars.Of(train, noise, seed + 2);
        int dimension = train.Channels * segmentSteps;
        var noisySegments = BarSegments.Cut(_noisyTrain.Values, train.Count, train.Channels, train.Steps, segmentSteps);
        var cleanSegments = BarSegments.Cut(train.Values, train.Count, train.Channels, train.Steps, segmentSteps);
        var noisy = KMeans.Fit(backend, noisySegments, dimension, atoms, seed);
        var nearest = noisy.Assign(backend, noisySegments);
        var sums = new double[atoms * dimension];
        var members = new int[atoms];
        for (int i = 0; i < nearest.Length; i++)
        {
            members[nearest[i]]++;
            for (int d = 0; d < dimension; d++) sums[nearest[i] * dimension + d] += cleanSegments[i * dimension + d];
        }
        var cleanMeans = (float[])noisy.Centroids.Clone();
        for (int n = 0; n < atoms; n++)
            if (members[n] > 0)
                for (int d = 0; d < dimension; d++)
                    cleanMeans[n * dimension + d] = (float)(sums[n * dimension + d] / members[n]);
        return _fitted[segmentSteps] = (noisy, cleanMeans);
    }
}
