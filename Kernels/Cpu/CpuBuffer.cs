namespace TcnWtaNative.Kernels.Cpu;

/// <summary>A buffer in managed host memory, shared by the SIMD and the scalar CPU backends.</summary>
public sealed class CpuBuffer : DeviceBuffer
{
    /// <summary>The backing array; this buffer is the range [Offset, Offset + Length).</summary>
    public float[] Storage { get; }

    /// <summary>Where this buffer starts in <see cref="Storage"/>.</summary>
    public int Offset { get; }

    /// <inheritdoc />
    public override int Length { get; }

    /// <summary>A new zero-filled buffer.</summary>
    public CpuBuffer(int length) : this(new float[length], 0, length) { }

    private CpuBuffer(float[] storage, int offset, int length)
    {
        Storage = storage;
        Offset = offset;
        Length = length;
    }

    /// <summary>The elements as a span.</summary>
    public Span<float> Span => Storage.AsSpan(Offset, Length);

    /// <inheritdoc />
    public override DeviceBuffer Slice(int offset, int length)
    {
        CheckSliceBounds(offset, length);
        return new CpuBuffer(Storage, Offset + offset, length);
    }

    /// <inheritdoc />
    public override void Dispose() { }

    /// <summary>The CPU buffer behind a buffer, or a clear error when another backend allocated it.</summary>
    public static CpuBuffer Of(DeviceBuffer buffer) => buffer as CpuBuffer
        ?? throw new ArgumentException(
            $"a {buffer.GetType().Name} was passed to a CPU backend; allocate buffers on the backend that uses them");

    /// <summary>The span behind a buffer, checked to hold exactly <paramref name="expectedLength"/> elements.</summary>
    public static Span<float> SpanOf(DeviceBuffer buffer, long expectedLength, string name)
    {
        var span = Of(buffer).Span;
        if (span.Length != expectedLength)
            throw new ArgumentException($"{name} holds {span.Length} elements where the shape needs {expectedLength}");
        return span;
    }
}
