using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The classic-dictionary baseline of <see cref="ModelCodeSampler.Chained"/>: N k-means centroids of the training
/// sections' frames [N, 27, K], each training frame coded by its nearest centroid, and the same <see cref="CodeChain"/>
/// over those one-centroid codes, each generated frame played as its centroid. Same dictionary size, same chain; only
/// the atoms and the code differ.
/// </summary>
public sealed class KMeansChainSampler : ISectionGenerator
{
    private readonly CodeChain _chain;
    private readonly float[] _centroids;
    private readonly int _channels, _steps, _frameLength;

    public KMeansChainSampler(IComputeBackend backend, Bars train, int atoms, int frameLength, int seed)
    {
        if (frameLength < 1 || train.Steps % frameLength != 0)
            throw new ArgumentException($"frames of {frameLength} steps do not tile sections of {train.Steps} steps");
        (_channels, _steps, _frameLength) = (train.Channels, train.Steps, frameLength);
        var frames = BarSegments.Cut(train.Values, train.Count, train.Channels, train.Steps, frameLength);
        var kmeans = KMeans.Fit(backend, frames, train.Channels * frameLength, atoms, seed);
        var nearest = kmeans.Assign(backend, frames);
        _centroids = kmeans.Centroids;
        int perSection = train.Steps / frameLength;
        _chain = new CodeChain(CodeChain.ColumnsPerBar(GrooveGrid.StepsPerWholeNote, frameLength));
        for (int section = 0; section < train.Count; section++)
            _chain.Add([.. nearest.AsSpan(section * perSection, perSection).ToArray().Select(n => new[] { (n, 1f) })]);
    }

    public string Method => "kmeans+chain";
    public string Meaning => "k-means centroids of the frames, chained as model+chain";

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int perSection = _steps / _frameLength, dimension = _channels * _frameLength;
        var frames = new float[count * perSection * dimension];
        for (int section = 0; section < count; section++)
        {
            var columns = _chain.Sample(perSection, random);
            for (int position = 0; position < perSection; position++)
                _centroids.AsSpan(columns[position][0].Atom * dimension, dimension)
                    .CopyTo(frames.AsSpan((section * perSection + position) * dimension, dimension));
        }
        return BarSegments.Paste(frames, count, _channels, _steps, _frameLength);
    }
}
