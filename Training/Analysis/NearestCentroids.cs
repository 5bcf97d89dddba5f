using System.Numerics.Tensors;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The nearest of <c>count</c> centroids [count, D] for each of n points [n, D], the points kept on the backend: the
/// scores [rows, count] = X Cᵀ run as one GEMM per chunk of rows, and |x - c|² = |x|² - 2 x·c + |c|². The chunk's
/// buffers are allocated once and reused by every search, so Lloyd's iterations do not allocate a score table each.
/// </summary>
internal sealed class NearestCentroids : IDisposable
{
    private const int ChunkRows = 4096;

    private readonly IComputeBackend _backend;
    private readonly DeviceBuffer _points, _centroids, _chunkScores;
    private readonly float[] _pointNorms, _scores, _centroidNorms;
    private readonly int _count, _dimension, _chunkRows;

    /// <summary>Uploads points [n, <paramref name="dimension"/>] to be searched against <paramref name="count"/>
    /// centroids.</summary>
    public NearestCentroids(IComputeBackend backend, float[] points, int dimension, int count)
    {
        (_backend, _count, _dimension) = (backend, count, dimension);
        _pointNorms = new float[points.Length / dimension];
        for (int i = 0; i < _pointNorms.Length; i++)
            _pointNorms[i] = SquaredNorm(points.AsSpan(i * dimension, dimension));
        _chunkRows = Math.Min(_pointNorms.Length, ChunkRows);
        _scores = new float[_chunkRows * count];
        _centroidNorms = new float[count];
        _points = backend.Allocate(points.Length);
        _centroids = backend.Allocate(count * dimension);
        _chunkScores = backend.Allocate(Math.Max(1, _chunkRows * count));
        backend.Upload(points, _points);
    }

    /// <summary>centroids [count, D] -> each point's nearest centroid [n] and its squared distance [n].</summary>
    public (int[] Index, float[] SquaredDistance) Search(float[] centroids)
    {
        int n = _pointNorms.Length, count = _count;
        var index = new int[n];
        var distance = new float[n];
        for (int c = 0; c < count; c++) _centroidNorms[c] = SquaredNorm(centroids.AsSpan(c * _dimension, _dimension));
        _backend.Upload(centroids, _centroids);
        for (int start = 0; start < n; start += _chunkRows)
        {
            int rows = Math.Min(_chunkRows, n - start);
            var chunkScores = _chunkScores.Slice(0, rows * count);
            _backend.Gemm(false, true, rows, count, _dimension, 1f,
                _points.Slice(start * _dimension, rows * _dimension),
                _centroids, 0f, chunkScores);
            _backend.Download(chunkScores, _scores.AsSpan(0, rows * count));
            Parallel.For(0, rows, r =>
            {
                var row = _scores.AsSpan(r * count, count);
                int best = 0;
                float bestDistance = float.PositiveInfinity;
                for (int c = 0; c < count; c++)
                {
                    float d = _centroidNorms[c] - 2 * row[c];
                    if (d < bestDistance) (best, bestDistance) = (c, d);
                }
                index[start + r] = best;
                distance[start + r] = Math.Max(0, bestDistance + _pointNorms[start + r]);
            });
        }
        return (index, distance);
    }

    private static float SquaredNorm(ReadOnlySpan<float> x) => TensorPrimitives.Dot(x, x);

    public void Dispose()
    {
        _points.Dispose();
        _centroids.Dispose();
        _chunkScores.Dispose();
    }
}
