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

    /// <summary>
    /// Buffers of at least this many floats (128 KiB, past the GC's 85,000-byte large-object size) start on a 64-byte
    /// line (<see cref="Placed"/>).
    /// </summary>
    public const int FewestFloatsAligned = 32 * 1024;

    private const int LineBytes = 64;

    /// <summary>A new zero-filled buffer.</summary>
    public CpuBuffer(int length) : this(Placed(length), length) { }

    private CpuBuffer((float[] Storage, int Offset) placed, int length)
        : this(placed.Storage, placed.Offset, length) { }

    private CpuBuffer(float[] storage, int offset, int length)
    {
        Storage = storage;
        Offset = offset;
        Length = length;
    }

    /// <summary>
    /// Storage for <paramref name="length"/> floats and where they start. A .NET array's floats start 16 bytes past an
    /// 8-byte boundary, so in all but one array in eight every 512-bit load from the array's start straddles two cache
    /// lines: the SIMD kernels' products of maestro's sparse code took 24-39 % longer so (BENCHMARKS.md, session 61). A
    /// large buffer's array is one line's floats longer than asked, and the buffer starts at its first 64-byte
    /// boundary. Such an array lies on the large-object heap, which the GC does not compact unless asked to
    /// (<see cref="System.Runtime.GCSettings.LargeObjectHeapCompactionMode"/>), so the buffer keeps its line; one
    /// moved by such a compaction loses only speed. (Pinned arrays would never move, but cost maestro's bench 59 MB
    /// more peak working set.) Small buffers, and any within a line of the runtime's largest array, stay plain
    /// arrays.
    /// </summary>
    private static (float[] Storage, int Offset) Placed(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        const int padding = LineBytes / sizeof(float) - 1;
        // within a line of the runtime's largest array the padding does not fit: the plain array (or the runtime's
        // refusal of it, a shortfall the backend reports)
        if (length < FewestFloatsAligned || length > Array.MaxLength - padding) return (new float[length], 0);
        var storage = new float[length + padding];
        int offset;
        unsafe
        {
            fixed (float* first = storage) offset = (int)(-(nint)first & (LineBytes - 1)) / sizeof(float);
        }
        return (storage, offset);
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
