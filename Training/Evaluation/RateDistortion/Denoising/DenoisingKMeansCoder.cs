using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// The k-means baseline that has seen the noise, the peer of a model trained on noisy bars (<c>train --input-noise
/// --input-drop</c>): at b non-zeros per bar, N k-means centroids are fit on the training bars' segments of T / b steps
/// with the same noise added (<see cref="NoisyBars"/>, its own seed), and each centroid decodes to the mean of the
/// clean segments it took (a centroid that took none decodes to itself). A noisy segment is replaced by the clean mean
/// of its nearest noisy centroid: one index per segment, the budget of <see cref="KMeansBarCoder"/>. Method
/// "kmeans-denoise".
/// </summary>
public sealed class DenoisingKMeansCoder : IBarCoder
{
    private readonly Bars _train;
    private readonly int _atoms;
    private readonly IComputeBackend _backend;
    private readonly SegmentCodebooks _codebooks;
    private readonly HitNoise _noise;

    /// <summary>
    /// The coder of <paramref name="atoms"/> centroids of <paramref name="train"/>'s segments with
    /// <paramref name="noise"/>, drawn from <paramref name="seed"/> + 2 (k-means seeded by <paramref name="seed"/>).
    /// </summary>
    public DenoisingKMeansCoder(IComputeBackend backend, Bars train, HitNoise noise, int atoms, int seed)
    {
        (_backend, _train, _atoms, _noise) = (backend, train, atoms, noise);
        var noisyTrain = new Lazy<Bars>(() => NoisyBars.Of(train, noise, seed + 2));
        _codebooks = new SegmentCodebooks(backend,
            segmentSteps => BarSegments.Cut(noisyTrain.Value.Values, train.Count, train.Channels, train.Steps,
                segmentSteps),
            train.Channels, atoms, seed, CleanMeans);
    }

    /// <inheritdoc />
    public string Method => "kmeans-denoise";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => _atoms;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar)
        => SegmentCodebooks.Supports(nonzerosPerBar, _train.Steps, _train.Count, _atoms);

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => $"one of {_atoms} centroids of training segments with noise ({_noise}) per "
            + $"{_train.Steps / nonzerosPerBar}-step segment, each decoded as the mean of its segments without it";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"k-means cannot spend {nonzerosPerBar} non-zeros on bars of {_train.Steps} steps");
        return _codebooks.Quantize(bars, count, _train.Steps, _train.Steps / nonzerosPerBar);
    }

    // the clean mean [N, C * S] of the training segments each noisy centroid takes (from the noisy segments it was fit
    // on, [count * T / S, C * S]); a centroid that took none stays
    private float[] CleanMeans(KMeans noisy, float[] noisySegments, int segmentSteps)
    {
        int dimension = _train.Channels * segmentSteps;
        var cleanSegments = BarSegments.Cut(_train.Values, _train.Count, _train.Channels, _train.Steps, segmentSteps);
        var nearest = noisy.Assign(_backend, noisySegments);
        var sums = new double[_atoms * dimension];
        var members = new int[_atoms];
        for (int i = 0; i < nearest.Length; i++)
        {
            members[nearest[i]]++;
            for (int d = 0; d < dimension; d++) sums[nearest[i] * dimension + d] += cleanSegments[i * dimension + d];
        }
        var cleanMeans = (float[])noisy.Centroids.Clone();
        for (int n = 0; n < _atoms; n++)
            if (members[n] > 0)
                for (int d = 0; d < dimension; d++)
                    cleanMeans[n * dimension + d] = (float)(sums[n * dimension + d] / members[n]);
        return cleanMeans;
    }
}
