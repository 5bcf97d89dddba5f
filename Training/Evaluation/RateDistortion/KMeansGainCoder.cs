using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The k-means baseline's centroids under the gain search (method "kmeans+gain", one centroid and gain per segment) or
/// the union code ("kmeans+union", two per segment) at every budget b: bars of T steps are cut into segments of
/// S = p T / b steps (p the non-zeros per segment, 1 or 2) and coded over the <see cref="KMeansBarCoder"/>'s N
/// centroids of S steps, the ones its own row uses at b / p per bar. So the strongest classic code exists at each
/// budget, whatever the model's frame length, and is paired against the model's best row there. One coder per budget,
/// built on first use and kept until disposed. Not thread-safe.
/// </summary>
public sealed class KMeansGainCoder(string method, KMeansBarCoder kmeans, IComputeBackend backend, int channels,
    int steps, bool union) : IBarCoder, IDisposable
{
    private readonly Dictionary<int, GainSearchBarCoder> _coders = [];

    private int NonzerosPerSegment => union ? 2 : 1;

    public string Method => method;
    public int AtomsAt(int nonzerosPerBar) => kmeans.AtomsAt(nonzerosPerBar / NonzerosPerSegment);

    public bool Supports(int nonzerosPerBar)
        => nonzerosPerBar % NonzerosPerSegment == 0 && kmeans.Supports(nonzerosPerBar / NonzerosPerSegment);

    public string BudgetMeaning(int nonzerosPerBar) => CoderAt(nonzerosPerBar).BudgetMeaning(nonzerosPerBar);

    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
        => CoderAt(nonzerosPerBar).Reconstruct(bars, count, nonzerosPerBar);

    /// <summary>
    /// The coder of budget b over the centroids [N, C, S], S = p T / b steps each (p = non-zeros per segment).
    /// </summary>
    private GainSearchBarCoder CoderAt(int nonzerosPerBar)
    {
        if (_coders.TryGetValue(nonzerosPerBar, out var coder)) return coder;
        if (!Supports(nonzerosPerBar))
            throw new ArgumentException(
                $"{method} cannot spend {nonzerosPerBar} non-zeros on bars of {steps} steps with "
                + $"{NonzerosPerSegment} per segment");
        int segmentSteps = steps / (nonzerosPerBar / NonzerosPerSegment);
        coder = GainSearchBarCoder.Create(method, backend, kmeans.Centroids(segmentSteps), AtomsAt(nonzerosPerBar),
            channels, segmentSteps, steps, union);
        return _coders[nonzerosPerBar] = coder;
    }

    public void Dispose()
    {
        foreach (var coder in _coders.Values) coder.Dispose();
        _coders.Clear();
    }
}
