using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The forward and weight gradient of a convolution of any stride, dilation and padding whose input x[B, Cin, Tin] is
/// mostly zeros (MAESTRO's one-hot events into the TCN's first layer: one value in 388), over x's non-zeros instead of
/// a dense GEMM over im2row's rows:
///   forward:         rows[(b,t), :] = sum_j sum_c x[b, c, t*s + j*d - pad] wᵀ[c*K + j, :], then y = rowsᵀ
///   weight gradient: dw[:, c*K + j] = sum_(b,τ) x[b, c, τ] dYrow[(b, (τ + pad - j*d) / s), :] where s divides it
/// with wᵀ [Cin*K, Cout] and dYrow [B*Tout, Cout] transposed into scratch. One pass over x finds its non-zeros and
/// decides whether it is sparse enough (<see cref="SparseSignalScan"/>); they are then bucketed by time step for the
/// forward, each output column owned by one thread, or by channel for the gradient, each channel's K columns of dw
/// owned by one thread. Every sum adds its terms in a fixed order (j, then c; or b, then τ) with one fused multiply-add
/// each, so results do not depend on the worker count, and differ from the GEMM's only by rounding. Not thread-safe:
/// one instance owns its scratch.
/// </summary>
internal sealed class SparseInputConvolution
{
    private readonly SparseSignalScan _nonZeros = new();
    private readonly ForwardJob _forward = new();
    private readonly WeightGradientJob _weightGradient = new();
    private readonly RowsToSignalJob _transpose = new();
    private float[] _transposedWeights = [];   // wᵀ [Cin*K, Cout]
    private float[] _rows = [];                // the forward's rows or the gradient's dYrow, [B*Tout, Cout]

    /// <summary>
    /// y[B, Cout, Tout] = conv(x, w) + bias[Cout] (without one, no bias), overwritten, if x has at most one value in
    /// sixteen non-zero (<see cref="SparseFrameCodes.MostNonZeros"/>); false, with y untouched, if not.
    /// </summary>
    public bool TryForward(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer? bias, CpuBuffer y)
    {
        if (g.InputSparseness == Sparseness.Dense
            || !_nonZeros.TryScan(x.Storage, x.Offset, g.InputSize, SparseFrameCodes.MostNonZeros)) return false;
        _nonZeros.Bucket(g.Batch * g.InLength, new StepOfSignal(g.InChannels, g.InLength));
        ScratchArrays.Grow(ref _transposedWeights, g.WeightSize);
        ScratchArrays.Grow(ref _rows, g.Batch * g.OutLength * g.OutChannels);
        _transpose.Run(1, g.InChannels * g.KernelSize, g.OutChannels, w.Storage, w.Offset, _transposedWeights, 0);
        _forward.Set(g, _nonZeros, _transposedWeights, _rows);
        CoreWorkers.Run(_forward, _forward.Items);
        _forward.Clear();
        _transpose.Run(g.Batch, g.OutChannels, g.OutLength, _rows, 0, y.Storage, y.Offset, bias);
        return true;
    }

    /// <summary>
    /// dw[Cout, Cin, K] (+)= the weight gradient of dy[B, Cout, Tout] against x, added when accumulating, if x has at
    /// most one value in sixteen non-zero; false, with dw untouched, if not.
    /// </summary>
    public bool TryBackwardWeight(in ConvGeometry g, CpuBuffer x, CpuBuffer dy, CpuBuffer dw, bool accumulate)
    {
        if (g.InputSparseness == Sparseness.Dense
            || !_nonZeros.TryScan(x.Storage, x.Offset, g.InputSize, SparseFrameCodes.MostNonZeros)) return false;
        _nonZeros.Bucket(g.InChannels, new ChannelOfSignal(g.InChannels, g.InLength));
        ScratchArrays.Grow(ref _rows, g.Batch * g.OutLength * g.OutChannels);
        // each item's dy [Cout, Tout] is the "rows" [Tout, Cout] of a signal whose channels are its Tout steps
        _transpose.Run(g.Batch, g.OutLength, g.OutChannels, dy.Storage, dy.Offset, _rows, 0);
        _weightGradient.Set(g, _nonZeros, _rows, dw.Storage, dw.Offset, accumulate);
        CoreWorkers.Run(_weightGradient, _weightGradient.Items);
        _weightGradient.Clear();
        return true;
    }

    // row[:] += scale * weights[:], one fused multiply-add per value, whatever the vector width
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(ReadOnlySpan<float> weights, float scale, Span<float> row)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var factor = Vector512.Create(scale);
            for (; i <= row.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                Vector512.FusedMultiplyAdd(Vector512.Create(weights.Slice(i)), factor, Vector512.Create(row.Slice(i)))
                    .CopyTo(row.Slice(i));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(scale);
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.FusedMultiplyAdd(Vector256.Create(weights.Slice(i)), factor, Vector256.Create(row.Slice(i)))
                    .CopyTo(row.Slice(i));
        }
        for (; i < row.Length; i++) row[i] = MathF.FusedMultiplyAdd(weights[i], scale, row[i]);
    }

    /// <summary>
    /// The forward's work: a run of output columns (b, t) per item, about eight items per worker; each column's row
    /// [Cout] summed over j, then over the non-zeros of x's step t*s + j*d - pad in channel order.
    /// </summary>
    private sealed class ForwardJob : ParallelJob
    {
        private const int FewestColumnsPerItem = 64;

        private ConvGeometry _g;
        private SparseSignalScan? _steps;
        private float[] _weights = [], _rows = [];
        private int _columnsPerItem;

        public int Items => (_g.Batch * _g.OutLength + _columnsPerItem - 1) / _columnsPerItem;

        public void Set(in ConvGeometry g, SparseSignalScan steps, float[] transposedWeights, float[] rows)
        {
            (_g, _steps, _weights, _rows) = (g, steps, transposedWeights, rows);
            int columns = g.Batch * g.OutLength;
            _columnsPerItem = Math.Max(FewestColumnsPerItem, columns / (8 * CoreWorkers.Active));
        }

        // drops the references to the caller's arrays
        public void Clear() => (_steps, _weights, _rows) = (null, [], []);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var g = _g;
            var steps = _steps!;
            int outChannels = g.OutChannels, first = index * _columnsPerItem;
            int end = Math.Min(g.Batch * g.OutLength, first + _columnsPerItem);
            for (int column = first; column < end; column++)
            {
                int b = column / g.OutLength, t = column - b * g.OutLength;
                var row = _rows.AsSpan(column * outChannels, outChannels);
                row.Clear();
                for (int j = 0; j < g.KernelSize; j++)
                {
                    int step = t * g.Stride + j * g.Dilation - g.PadLeft;
                    if ((uint)step >= (uint)g.InLength) continue;
                    int bucket = b * g.InLength + step;
                    for (int i = steps.Starts[bucket]; i < steps.Starts[bucket + 1]; i++)
                        AddScaled(_weights.AsSpan((steps.Payloads[i] * g.KernelSize + j) * outChannels, outChannels),
                            steps.Values[i], row);
                }
            }
        }
    }

    /// <summary>
    /// The weight gradient's work: a run of input channels per item, about eight items per worker; channel c's K sums
    /// [Cout] gather dYrow's rows over c's non-zeros in (b, τ) order into the worker's scratch [K, Cout], then go to
    /// dw[:, c, :].
    /// </summary>
    private sealed class WeightGradientJob : ParallelJob
    {
        private ConvGeometry _g;
        private SparseSignalScan? _channels;
        private float[] _outputRows = [], _dw = [];
        private int _dwOffset, _channelsPerItem;
        private bool _accumulate;
        private FastDivisor _bySteps;
        private readonly float[][] _sums = new float[CoreWorkers.Count][];   // each worker's [K, Cout]

        public int Items => (_g.InChannels + _channelsPerItem - 1) / _channelsPerItem;

        public void Set(in ConvGeometry g, SparseSignalScan channels, float[] outputRows, float[] dw, int dwOffset,
            bool accumulate)
        {
            (_g, _channels, _outputRows, _dw, _dwOffset, _accumulate) = (g, channels, outputRows, dw, dwOffset,
                accumulate);
            _bySteps = new FastDivisor(g.InLength);
            _channelsPerItem = Math.Max(1, g.InChannels / (8 * CoreWorkers.Active));
            for (int i = 0; i < _sums.Length; i++)
                if (_sums[i] is null || _sums[i].Length < g.KernelSize * g.OutChannels)
                    _sums[i] = new float[g.KernelSize * g.OutChannels];
        }

        // drops the references to the caller's arrays
        public void Clear() => (_channels, _outputRows, _dw) = (null, [], []);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var g = _g;
            var channels = _channels!;
            int outChannels = g.OutChannels, kernel = g.KernelSize, first = index * _channelsPerItem;
            var sums = _sums[worker].AsSpan(0, kernel * outChannels);
            for (int c = first; c < Math.Min(g.InChannels, first + _channelsPerItem); c++)
            {
                sums.Clear();
                for (int i = channels.Starts[c]; i < channels.Starts[c + 1]; i++)
                {
                    var (b, step) = _bySteps.DivRem(channels.Payloads[i]);
                    for (int j = 0; j < kernel; j++)
                    {
                        int shifted = step + g.PadLeft - j * g.Dilation, t = shifted / g.Stride;
                        if (shifted < 0 || t * g.Stride != shifted || t >= g.OutLength) continue;
                        AddScaled(_outputRows.AsSpan((b * g.OutLength + t) * outChannels, outChannels),
                            channels.Values[i], sums.Slice(j * outChannels, outChannels));
                    }
                }
                Store(c, sums);
            }
        }

        // dw[o, c, j] = (or +=) sums[j, o]
        private void Store(int c, ReadOnlySpan<float> sums)
        {
            var g = _g;
            int kernel = g.KernelSize, rowLength = g.InChannels * kernel;
            for (int o = 0; o < g.OutChannels; o++)
            for (int j = 0; j < kernel; j++)
            {
                ref float target = ref _dw[_dwOffset + o * rowLength + c * kernel + j];
                float sum = sums[j * g.OutChannels + o];
                target = _accumulate ? target + sum : sum;
            }
        }
    }

    /// <summary>
    /// x[B, C, T]'s flat index (b*C + c)*T + τ goes to bucket b*T + τ with payload c: each step's non-zeros come in
    /// channel order.
    /// </summary>
    private readonly struct StepOfSignal(int channels, int length) : NonZeroBuckets.IKey
    {
        private readonly FastDivisor _bySteps = new(length), _byChannels = new(channels);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Bucket, int Payload) Of(int index)
        {
            var (row, step) = _bySteps.DivRem(index);
            var (b, c) = _byChannels.DivRem(row);
            return (b * length + step, c);
        }
    }

    /// <summary>
    /// x[B, C, T]'s flat index (b*C + c)*T + τ goes to bucket c with payload b*T + τ: each channel's non-zeros come in
    /// (b, τ) order.
    /// </summary>
    private readonly struct ChannelOfSignal(int channels, int length) : NonZeroBuckets.IKey
    {
        private readonly FastDivisor _bySteps = new(length), _byChannels = new(channels);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Bucket, int Payload) Of(int index)
        {
            var (row, step) = _bySteps.DivRem(index);
            var (b, c) = _byChannels.DivRem(row);
            return (c, b * length + step);
        }
    }
}
