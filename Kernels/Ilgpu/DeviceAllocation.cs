using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Device memory for the buffers that grow with the shapes (activations, grow-only scratch), where a refusal by the
/// driver becomes <see cref="MemoryShortfall.OnDevice"/>'s error, naming the device, its memory and the size.
/// </summary>
internal static class DeviceAllocation
{
    /// <summary><paramref name="length"/> elements of <typeparamref name="T"/> on
    /// <paramref name="accelerator"/>.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Of<T>(Accelerator accelerator, int length) where T : unmanaged
    {
        try
        {
            return accelerator.Allocate1D<T>(length);
        }
        catch (Exception refused) when (refused is OutOfMemoryException or AcceleratorException)
        {
            throw MemoryShortfall.OnDevice(accelerator.Name, accelerator.MemorySize,
                (long)length * Unsafe.SizeOf<T>(), refused);
        }
    }
}
