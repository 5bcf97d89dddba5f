namespace TcnWtaNative.Kernels.Cpu;

/// <summary>The memory half of a backend whose buffers live in managed host memory (<see cref="CpuBuffer"/>).</summary>
public abstract class HostMemoryBackend
{
    /// <inheritdoc cref="IComputeBackend.BuffersInHostMemory"/>
    public bool BuffersInHostMemory => true;

    /// <inheritdoc cref="IComputeBackend.MemoryBytes"/>
    public long MemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <inheritdoc cref="IComputeBackend.DeviceBytesHeld"/>
    public long? DeviceBytesHeld => null;

    /// <inheritdoc cref="IComputeBackend.Allocate"/>
    public DeviceBuffer Allocate(int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"cannot allocate {length} elements");
        try
        {
            return new CpuBuffer(length);
        }
        catch (OutOfMemoryException refused)
        {
            throw MemoryShortfall.OnHost((long)length * sizeof(float), refused);
        }
    }

    /// <inheritdoc cref="IComputeBackend.Upload"/>
    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination)
        => source.CopyTo(CpuBuffer.SpanOf(destination, source.Length, nameof(destination)));

    /// <inheritdoc cref="IComputeBackend.Download"/>
    public void Download(DeviceBuffer source, Span<float> destination)
        => CpuBuffer.SpanOf(source, destination.Length, nameof(source)).CopyTo(destination);

    /// <inheritdoc cref="IComputeBackend.Fill"/>
    public virtual void Fill(DeviceBuffer buffer, float value) => CpuBuffer.Of(buffer).Span.Fill(value);

    /// <inheritdoc cref="IComputeBackend.Copy"/>
    public void Copy(DeviceBuffer source, DeviceBuffer destination)
        => CpuBuffer.Of(source).Span.CopyTo(CpuBuffer.SpanOf(destination, source.Length, nameof(destination)));

    /// <inheritdoc cref="IComputeBackend.CopyRows"/>
    public void CopyRows(int rows, DeviceBuffer source, int sourceLength, DeviceBuffer destination,
        int destinationLength)
    {
        var from = CpuBuffer.SpanOf(source, (long)rows * sourceLength, nameof(source));
        var to = CpuBuffer.SpanOf(destination, (long)rows * destinationLength, nameof(destination));
        int kept = Math.Min(sourceLength, destinationLength);
        for (int r = 0; r < rows; r++)
        {
            from.Slice(r * sourceLength, kept).CopyTo(to.Slice(r * destinationLength, kept));
            to.Slice(r * destinationLength + kept, destinationLength - kept).Clear();
        }
    }

    /// <inheritdoc cref="IComputeBackend.OneHot"/>
    public void OneHot(int batch, int channels, int length, DeviceBuffer ids, DeviceBuffer destination)
    {
        var from = CpuBuffer.SpanOf(ids, (long)batch * length, nameof(ids));
        var to = CpuBuffer.SpanOf(destination, (long)batch * channels * length, nameof(destination));
        to.Clear();
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < length; t++)
        {
            int channel = (int)from[b * length + t] - 1;
            if (channel >= 0 && channel < channels) to[(b * channels + channel) * length + t] = 1f;
        }
    }

    /// <inheritdoc cref="IComputeBackend.GatherRows"/>
    public void GatherRows(int rows, int rowLength, DeviceBuffer source, DeviceBuffer indices, DeviceBuffer destination)
    {
        var from = CpuBuffer.Of(source);
        var picked = CpuBuffer.SpanOf(indices, rows, nameof(indices));
        CpuBuffer.SpanOf(destination, (long)rows * rowLength, nameof(destination));   // throws unless rows fill it
        foreach (float index in picked) RowStart(index, rowLength, from.Length);   // throws before anything is copied
        GatherCheckedRows(rows, rowLength, from, CpuBuffer.Of(indices), CpuBuffer.Of(destination));
    }

    /// <summary>
    /// <see cref="GatherRows"/> once every index is known to be a whole row inside the source: one row after another
    /// here.
    /// </summary>
    protected virtual void GatherCheckedRows(int rows, int rowLength, CpuBuffer source, CpuBuffer indices,
        CpuBuffer destination)
    {
        for (int r = 0; r < rows; r++)
            source.Span.Slice((int)indices.Span[r] * rowLength, rowLength)
                .CopyTo(destination.Span.Slice(r * rowLength, rowLength));
    }

    /// <inheritdoc cref="IComputeBackend.AddDrumHitNoise"/>
    public void AddDrumHitNoise(int batch, int drums, int length, DeviceBuffer clean, DeviceBuffer? steps,
        DrumHitNoise noise, DeviceBuffer noisy)
    {
        DrumHitNoiseShapes.Check(batch, drums, length, clean, steps, noise, noisy);
        AddCheckedDrumHitNoise(batch, drums, length, CpuBuffer.Of(clean), steps is null ? null : CpuBuffer.Of(steps),
            noise, CpuBuffer.Of(noisy));
    }

    /// <summary>
    /// <see cref="AddDrumHitNoise"/> once the shapes are checked: one item after another here.
    /// </summary>
    protected virtual void AddCheckedDrumHitNoise(int batch, int drums, int length, CpuBuffer clean, CpuBuffer? steps,
        DrumHitNoise noise, CpuBuffer noisy)
        => HostDrumHitNoise.Draw(0, batch, drums, length, clean, steps, noise, noisy);

    // where row index (a float holding a whole number) starts in a source of sourceLength floats
    private static int RowStart(float index, int rowLength, int sourceLength)
    {
        long start = (long)index * rowLength;
        if (index < 0 || index != MathF.Floor(index) || start + rowLength > sourceLength)
            throw new ArgumentOutOfRangeException(nameof(index),
                $"row {index} of {rowLength} floats lies outside a source of {sourceLength}");
        return (int)start;
    }

    /// <inheritdoc cref="IComputeBackend.Synchronize"/>
    public void Synchronize() { }

    /// <inheritdoc cref="IDisposable.Dispose"/>
    public void Dispose() { }
}
