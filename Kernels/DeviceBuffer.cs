namespace TcnWtaNative.Kernels;

/// <summary>
/// A run of float32 values owned by one backend: host memory for the CPU backends, device memory for ILGPU.
/// A slice shares the parent's storage, so one contiguous parameter buffer can hand out views per tensor.
/// Only the backend that allocated a buffer may compute on it.
/// </summary>
public abstract class DeviceBuffer : IDisposable
{
    /// <summary>Number of float32 elements in this buffer or view.</summary>
    public abstract int Length { get; }

    /// <summary>
    /// A view of <paramref name="length"/> elements starting at <paramref name="offset"/>, sharing storage.
    /// </summary>
    public abstract DeviceBuffer Slice(int offset, int length);

    /// <summary>Frees the storage when this buffer owns it; views free nothing.</summary>
    public abstract void Dispose();

    /// <summary>Throws when a view would fall outside its parent.</summary>
    protected void CheckSliceBounds(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"slice [{offset}, {offset + length}) lies outside a buffer of {Length} elements");
    }
}
