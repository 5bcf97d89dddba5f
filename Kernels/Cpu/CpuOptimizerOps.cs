using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The optimizer's ops over the one contiguous parameter buffer: Adam/AdamW, squared norm, row normalization.
/// </summary>
public static class CpuOptimizerOps
{
    private const int LargestChunk = 1 << 15;

    /// <summary>
    /// One bias-corrected Adam (L2 decay) or AdamW (decoupled decay) step at 1-based <paramref name="step"/> on
    /// parameters, gradients, m, v (all the same length), updating parameters, m and v in place, in chunks over the
    /// cores (<see cref="ElementChunks"/>).
    /// </summary>
    public static void AdamStep(AdamSettings s, int step, CpuBuffer parameters, CpuBuffer gradients, CpuBuffer m,
        CpuBuffer v)
    {
        float stepSize = (float)(s.LearningRate / (1 - Math.Pow(s.Beta1, step)));
        float inverseSqrtCorrection2 = (float)(1 / Math.Sqrt(1 - Math.Pow(s.Beta2, step)));
        float shrink = s.Decoupled ? 1f - s.LearningRate * s.WeightDecay : 1f;
        float l2 = s.Decoupled ? 0f : s.WeightDecay;
        var job = AdamJob.ForThisThread;
        int chunk = ElementChunks.Size(parameters.Length, LargestChunk);
        job.Set(s, stepSize, inverseSqrtCorrection2, shrink, l2, parameters, gradients, m, v, chunk);
        CoreWorkers.Run(job, ElementChunks.Count(parameters.Length, chunk));
        job.Clear();
    }

    /// <summary>
    /// One Adam step over the chunks of the parameter buffer, one chunk per item; reused so a step allocates nothing.
    /// </summary>
    private sealed class AdamJob : ParallelJob
    {
        [ThreadStatic] private static AdamJob? _forThisThread;
        public static AdamJob ForThisThread => _forThisThread ??= new();

        private AdamSettings _settings;
        private float _stepSize, _inverseSqrtCorrection2, _shrink, _l2;
        private int _chunk;
        private CpuBuffer? _parameters, _gradients, _m, _v;

        public void Set(AdamSettings settings, float stepSize, float inverseSqrtCorrection2, float shrink, float l2,
            CpuBuffer parameters, CpuBuffer gradients, CpuBuffer m, CpuBuffer v,
            int chunk)
            => (_settings, _stepSize, _inverseSqrtCorrection2, _shrink, _l2, _parameters, _gradients, _m, _v, _chunk)
                = (settings, stepSize, inverseSqrtCorrection2, shrink, l2, parameters, gradients, m, v, chunk);

        // drops the references to the caller's buffers
        public void Clear() => (_parameters, _gradients, _m, _v) = (null, null, null, null);

        public override void Run(int chunk, int worker)
        {
            int start = chunk * _chunk, count = Math.Min(_chunk, _parameters!.Length - start);
            AdamChunk(_settings, _stepSize, _inverseSqrtCorrection2, _shrink, _l2, _parameters.Span.Slice(start, count),
                _gradients!.Span.Slice(start, count), _m!.Span.Slice(start, count), _v!.Span.Slice(start, count));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AdamChunk(AdamSettings s, float stepSize, float inverseSqrtCorrection2, float shrink, float l2,
        Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var beta1 = Vector256.Create(s.Beta1); var oneMinusBeta1 = Vector256.Create(1 - s.Beta1);
            var beta2 = Vector256.Create(s.Beta2); var oneMinusBeta2 = Vector256.Create(1 - s.Beta2);
            var eps = Vector256.Create(s.Epsilon); var size = Vector256.Create(stepSize);
            var correction = Vector256.Create(inverseSqrtCorrection2); var shrinkV = Vector256.Create(
                shrink); var l2V = Vector256.Create(l2);
            for (; i <= p.Length - 8; i += 8)
            {
                var param = Vector256.Create(p.Slice(i, 8));
                var grad = Vector256.Create(g.Slice(i, 8)) + l2V * param;
                param *= shrinkV;
                var first = beta1 * Vector256.Create(m.Slice(i, 8)) + oneMinusBeta1 * grad;
                var second = beta2 * Vector256.Create(v.Slice(i, 8)) + oneMinusBeta2 * grad * grad;
                param -= size * first / (Vector256.Sqrt(second) * correction + eps);
                first.CopyTo(m.Slice(i, 8));
                second.CopyTo(v.Slice(i, 8));
                param.CopyTo(p.Slice(i, 8));
            }
        }
        for (; i < p.Length; i++)
        {
            float grad = g[i] + l2 * p[i];
            p[i] *= shrink;
            m[i] = s.Beta1 * m[i] + (1 - s.Beta1) * grad;
            v[i] = s.Beta2 * v[i] + (1 - s.Beta2) * grad * grad;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * inverseSqrtCorrection2 + s.Epsilon);
        }
    }

    /// <summary>Sum of x^2: float within chunks of 4096, double across them.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double sum = 0;
        for (int start = 0; start < x.Length; start += 4096)
            sum += TensorPrimitives.SumOfSquares(x.Slice(start, Math.Min(4096, x.Length - start)));
        return sum;
    }

    /// <summary>Scales each row of matrix [rows, rowLength] to unit L2 norm in place; zero rows stay zero.</summary>
    public static void NormalizeRows(Span<float> matrix, int rows, int rowLength)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * rowLength, rowLength);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0f) TensorPrimitives.Divide(row, norm, row);
        }
    }
}
