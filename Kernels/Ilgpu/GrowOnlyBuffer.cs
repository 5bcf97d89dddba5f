using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>Device scratch that only ever grows, so steady-state calls allocate nothing.</summary>
internal sealed class GrowOnlyBuffer<T>(Accelerator accelerator) : IDisposable where T : unmanaged
{
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    /// <summary>
    /// A view of exactly <paramref name="length"/> elements, reallocating only when the buffer is too small.
    /// </summary>
    public ArrayView<T> View(int length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            if (_buffer is not null)
            {
                accelerator.Synchronize(); // queued kernels may still read the old buffer
                DeviceAllocation.Free(_buffer);
            }
            _buffer = DeviceAllocation.Of<T>(accelerator, Math.Max(length, 1));
        }
        return _buffer.View.SubView(0, length);
    }

    public void Dispose()
    {
        if (_buffer is not null) DeviceAllocation.Free(_buffer);
    }
}
