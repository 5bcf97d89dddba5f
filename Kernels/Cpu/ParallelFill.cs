namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// buffer[i] = value on all cores, in chunks: zeroing the gradients before each step (14.5 M floats for maestro) is
/// bound by memory bandwidth, which one core alone does not reach (items sized by <see cref="ElementChunks"/>). Reused
/// per thread, so a fill allocates nothing.
/// </summary>
public sealed class ParallelFill : ParallelJob
{
    private const int LargestChunk = 1 << 16;
    [ThreadStatic] private static ParallelFill? _forThisThread;
    private CpuBuffer? _buffer;
    private float _value;
    private int _chunk;

    /// <summary>Every element of <paramref name="buffer"/> = <paramref name="value"/>.</summary>
    public static void Run(CpuBuffer buffer, float value)
    {
        var job = _forThisThread ??= new();
        (job._buffer, job._value, job._chunk) = (buffer, value, ElementChunks.Size(buffer.Length, LargestChunk));
        CoreWorkers.Run(job, ElementChunks.Count(buffer.Length, job._chunk));
        job._buffer = null;
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        var span = _buffer!.Span;
        int start = index * _chunk;
        span.Slice(start, Math.Min(_chunk, span.Length - start)).Fill(_value);
    }
}
