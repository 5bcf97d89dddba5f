namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// buffer[i] = value on all cores, in chunks: zeroing the gradients before each step (14.5 M floats for maestro) is
/// bound by memory bandwidth, which one core alone does not reach. Reused per thread, so a fill allocates nothing.
/// </summary>
public sealed class ParallelFill : ParallelJob
{
    private const int Chunk = 1 << 16;
    [ThreadStatic] private static ParallelFill? _forThisThread;
    private CpuBuffer? _buffer;
    private float _value;

    /// <summary>Every element of <paramref name="buffer"/> = <paramref name="value"/>.</summary>
    public static void Run(CpuBuffer buffer, float value)
    {
        var job = _forThisThread ??= new();
        (job._buffer, job._value) = (buffer, value);
        CoreWorkers.Run(job, (buffer.Length + Chunk - 1) / Chunk);
        job._buffer = null;
    }

    /// <inheritdoc />
    public override void Run(int index, int worker)
    {
        var span = _buffer!.Span;
        int start = index * Chunk;
        span.Slice(start, Math.Min(Chunk, span.Length - start)).Fill(_value);
    }
}
