using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Device memory for the buffers that grow with the shapes (activations, grow-only scratch), where a refusal by the
/// driver becomes <see cref="MemoryShortfall.OnDevice"/>'s error, naming the device, its memory and the size; and
/// the bytes those buffers hold on each accelerator until <see cref="Free{T}"/> frees them, which the bench reports
/// as a device's live memory and a memory check adds to the device's free memory.
/// </summary>
internal static class DeviceAllocation
{
    private static readonly ConditionalWeakTable<Accelerator, StrongBox<long>> Held = new();

    /// <summary><paramref name="length"/> elements of <typeparamref name="T"/> on
    /// <paramref name="accelerator"/>.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Of<T>(Accelerator accelerator, int length) where T : unmanaged
    {
        MemoryBuffer1D<T, Stride1D.Dense> buffer;
        try
        {
            buffer = accelerator.Allocate1D<T>(length);
        }
        catch (Exception refused) when (refused is OutOfMemoryException or AcceleratorException)
        {
            throw MemoryShortfall.OnDevice(accelerator.Name, accelerator.MemorySize,
                (long)length * Unsafe.SizeOf<T>(), refused);
        }
        Interlocked.Add(ref HeldOn(accelerator).Value, buffer.LengthInBytes);
        return buffer;
    }

    /// <summary>Frees a buffer of <see cref="Of{T}"/>; a buffer already freed is left alone.</summary>
    public static void Free<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged
    {
        if (buffer.IsDisposed) return;
        Interlocked.Add(ref HeldOn(buffer.Accelerator).Value, -buffer.LengthInBytes);
        buffer.Dispose();
    }

    /// <summary>Bytes of the buffers of <see cref="Of{T}"/> on <paramref name="accelerator"/> not yet freed.</summary>
    public static long HeldBytes(Accelerator accelerator) => Interlocked.Read(ref HeldOn(accelerator).Value);

    private static StrongBox<long> HeldOn(Accelerator accelerator)
        => Held.GetValue(accelerator, _ => new StrongBox<long>());
}
