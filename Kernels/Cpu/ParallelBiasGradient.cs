using System.Numerics.Tensors;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// db[c] (+)= sum over b, t of dy[b, c, t] (dy: [batch, channels, length], db: [channels]) on all cores, items being
/// runs of channels. Each channel adds its batch rows' sums in batch order, as one thread did, so db gets the same
/// floats at any split. Items are as few channels as hold <see cref="ElementChunks.Smallest"/> floats of dy (one
/// channel where a channel holds more). Reused per thread, so a call allocates nothing.
/// </summary>
public sealed class ParallelBiasGradient : ParallelJob
{
    [ThreadStatic] private static ParallelBiasGradient? _forThisThread;
    private CpuBuffer? _dy, _db;
    private int _batch, _channels, _length, _channelsPerItem;
    private bool _accumulate;

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
        job._channelsPerItem = (int)Math.Min(fewestChannels, channels);
        CoreWorkers.Run(job, (channels + job._channelsPerItem - 1) / job._channelsPerItem);
        (job._dy, job._db) = (null, null);
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        int first = index * _channelsPerItem, last = Math.Min(_channels, first + _channelsPerItem);
        ReadOnlySpan<float> gradient = _dy!.Span;
        var bias = _db!.Span;
        for (int c = first; c < last; c++)
        {
            if (!_accumulate) bias[c] = 0f;
            for (int b = 0; b < _batch; b++)
                bias[c] += TensorPrimitives.Sum(gradient.Slice((b * _channels + c) * _length, _length));
        }
    }
}
