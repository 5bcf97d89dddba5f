using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// db[c] (+)= sum over b, t of dy[b, c, t] (dy: [batch, channels, length], db: [channels]) on all cores, items being
/// runs of channels. Each channel adds its batch rows' sums to db in batch order (rows shorter than <see
/// cref="ShortestSummedRow"/>: one sum of all its rows, <see cref="SumOfShortRows"/>), as one thread would, so db gets
/// the same floats at any split. Items are as few channels as hold <see cref="ElementChunks.Smallest"/> floats of dy
/// (one channel where a channel holds more); rows of 1, 2, 4 or 8 floats (codes of one to eight frames) are summed
/// sixteen channels at a time instead (<see cref="ShortRowsAcrossChannels"/>), each lane in batch order. Reused per
/// thread, so a call allocates nothing.
/// </summary>
public sealed class ParallelBiasGradient : ParallelJob
{
    [ThreadStatic] private static ParallelBiasGradient? _forThisThread;
    private CpuBuffer? _dy, _db;
    private int _batch, _channels, _length, _channelsPerItem;
    private bool _accumulate, _acrossChannels;
    private const int ChannelLanes = 16;   // floats in a 512-bit vector
    private const int LongestRowAcrossChannels = 8;

    /// <summary>Adds <paramref name="dy"/>'s per-channel sums to <paramref name="db"/>, or writes them over it unless
    /// <paramref name="accumulate"/> (lengths checked by the caller).</summary>
    public static void Run(int batch, int channels, int length, CpuBuffer dy, CpuBuffer db, bool accumulate)
    {
        if (channels == 0) return;
        var job = _forThisThread ??= new();
        (job._batch, job._channels, job._length, job._dy, job._db) = (batch, channels, length, dy, db);
        job._accumulate = accumulate;
        long floatsPerChannel = Math.Max(1L, (long)batch * length);
        long fewestChannels = (ElementChunks.Smallest + floatsPerChannel - 1) / floatsPerChannel;
        job._acrossChannels = length is 1 or 2 or 4 or LongestRowAcrossChannels && Vector512.IsHardwareAccelerated;
        job._channelsPerItem = job._acrossChannels ? ChannelLanes : (int)Math.Min(fewestChannels, channels);
        CoreWorkers.Run(job, (channels + job._channelsPerItem - 1) / job._channelsPerItem);
        (job._dy, job._db) = (null, null);
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        int first = index * _channelsPerItem, last = Math.Min(_channels, first + _channelsPerItem);
        ReadOnlySpan<float> gradient = _dy!.Span;
        var bias = _db!.Span;
        if (_acrossChannels)
        {
            ShortRowsAcrossChannels(gradient, bias, first, last);
            return;
        }
        for (int c = first; c < last; c++)
        {
            if (!_accumulate) bias[c] = 0f;
            if (_length < ShortestSummedRow)
            {
                bias[c] = SumOfShortRows(gradient, c, bias[c]);
                continue;
            }
            for (int b = 0; b < _batch; b++)
                bias[c] += TensorPrimitives.Sum(gradient.Slice((b * _channels + c) * _length, _length));
        }
    }

    /// <summary>Rows shorter than this are summed together (<see cref="SumOfShortRows"/>), not one call each.</summary>
    public const int ShortestSummedRow = 64;

    // db[c] (+)= sum over b, t of dy[b, c, t] for channels [first, last) with rows of L = 1, 2, 4 or 8 floats: the
    // sixteen channels' rows are 16 L consecutive floats of each batch item, added as L vectors (a lane per channel
    // and step, in batch order) that read whole cache lines, where a channel at a time read a few floats of each line;
    // then each channel's L lanes in step order. One-float rows start from db, so they get the row-by-row sum's
    // floats; longer rows add db last. Fewer than sixteen channels (the last item) take the same order float by float.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ShortRowsAcrossChannels(ReadOnlySpan<float> gradient, Span<float> bias, int first, int last)
    {
        int length = _length, width = (last - first) * length, stride = _channels * length;
        Span<float> sums = stackalloc float[ChannelLanes * LongestRowAcrossChannels];
        sums = sums[..width];
        if (length == 1 && _accumulate) bias[first..last].CopyTo(sums);
        else sums.Clear();
        var rows = gradient[(first * length)..];
        if (last - first == ChannelLanes) AddVectors(rows, stride, sums);
        else
            for (int b = 0; b < _batch; b++)
            {
                var row = rows.Slice(b * stride, width);
                for (int i = 0; i < width; i++) sums[i] += row[i];
            }
        for (int c = first; c < last; c++)
        {
            var lanes = sums.Slice((c - first) * length, length);
            float total = lanes[0];
            for (int t = 1; t < length; t++) total += lanes[t];
            bias[c] = length > 1 && _accumulate ? bias[c] + total : total;
        }
    }

    // sums[i] += rows[b * stride + i] for every batch item b in order, a 512-bit vector at a time
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddVectors(ReadOnlySpan<float> rows, int stride, Span<float> sums)
    {
        int vectors = sums.Length / ChannelLanes;
        Span<Vector512<float>> held = stackalloc Vector512<float>[LongestRowAcrossChannels];
        for (int v = 0; v < vectors; v++) held[v] = Vector512.Create(sums.Slice(v * ChannelLanes, ChannelLanes));
        for (int b = 0; b < _batch; b++)
        {
            var row = rows.Slice(b * stride, sums.Length);
            for (int v = 0; v < vectors; v++) held[v] += Vector512.Create(row.Slice(v * ChannelLanes, ChannelLanes));
        }
        for (int v = 0; v < vectors; v++) held[v].CopyTo(sums.Slice(v * ChannelLanes, ChannelLanes));
    }

    // start plus channel c's rows dy[b, c, :], b in order, added vector by vector into one 512-bit sum and each row's
    // last length % 16 values into one float that starts from start; then that float plus the vector's sum. A call per
    // row of 1 to 63 floats cost more than its sum. Rows of one float are added in batch order, as row by row; longer
    // rows with AVX-512 as whole vectors (MaskedSumOfShortRows).
    private float SumOfShortRows(ReadOnlySpan<float> gradient, int c, float start)
    {
        if (_length > 1 && _batch > 0 && Avx512F.IsSupported) return MaskedSumOfShortRows(gradient, c, start);
        int vectors = _length / Vector512<float>.Count * Vector512<float>.Count;
        var sum = Vector512<float>.Zero;
        float rest = start;
        for (int b = 0; b < _batch; b++)
        {
            var row = gradient.Slice((b * _channels + c) * _length, _length);
            for (int t = 0; t < vectors; t += Vector512<float>.Count)
                sum += Vector512.Create(row.Slice(t, Vector512<float>.Count));
            for (int t = vectors; t < _length; t++) rest += row[t];
        }
        return vectors == 0 ? rest : rest + Vector512.Sum(sum);
    }

    // SumOfShortRows for rows of 2 to 63 floats: each row's whole vectors and its last length % 16 values (one masked
    // vector) go into four 512-bit sums taken in turn (b % 4), so a row's adds do not wait on the row before's; then
    // start plus the sums' total. The serial float chain of a row's last values was the cost.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe float MaskedSumOfShortRows(ReadOnlySpan<float> gradient, int c, float start)
    {
        int whole = _length / Vector512<float>.Count * Vector512<float>.Count, stride = _channels * _length;
        var tail = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(_length - whole)).AsSingle();
        Vector512<float> sum0 = default, sum1 = default, sum2 = default, sum3 = default;
        fixed (float* first = gradient.Slice(c * _length, (_batch - 1) * stride + _length))
        {
            int b = 0;
            for (; b + 4 <= _batch; b += 4)
            {
                float* row = first + (long)b * stride;
                sum0 += RowSum(row, whole, tail);
                sum1 += RowSum(row + stride, whole, tail);
                sum2 += RowSum(row + 2 * stride, whole, tail);
                sum3 += RowSum(row + 3 * stride, whole, tail);
            }
            for (; b < _batch; b++) sum0 += RowSum(first + (long)b * stride, whole, tail);
        }
        return start + Vector512.Sum(sum0 + sum1 + (sum2 + sum3));
    }

    // a row's whole vectors [0, whole) and its masked last vector, added lane by lane
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> RowSum(float* row, int whole, Vector512<float> tail)
    {
        var sum = Avx512F.MaskLoad(row + whole, tail, Vector512<float>.Zero);
        for (int t = 0; t < whole; t += Vector512<float>.Count) sum += Vector512.Load(row + t);
        return sum;
    }
}
