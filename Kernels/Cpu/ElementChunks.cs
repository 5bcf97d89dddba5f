namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// How a memory-bound pass over one buffer splits into <see cref="CoreWorkers"/> items: at most <c>largest</c> floats
/// each (what one item did before), and enough of them for several per active worker when the buffer is small (groove's
/// 86 k parameters were 3 items of 32 k, so 13 of 16 workers sat out Adam), but never below <see cref="Smallest"/>
/// floats, where handing out an item would cost more than the item. Sizes are whole multiples of 64 floats, so every
/// element but the buffer's last few goes through the same vector path at any split.
/// </summary>
public static class ElementChunks
{
    /// <summary>The fewest floats an item gets (unless the buffer is shorter).</summary>
    public const int Smallest = 1 << 12;

    private const int ItemsPerWorker = 4;
    private const int Granule = 64;

    /// <summary>Floats per item for a buffer of <paramref name="length"/> floats, at most
    /// <paramref name="largest"/>.</summary>
    public static int Size(int length, int largest)
    {
        long wanted = ((long)length + ItemsPerWorker * CoreWorkers.Active - 1) / (ItemsPerWorker * CoreWorkers.Active);
        long rounded = (wanted + Granule - 1) / Granule * Granule;
        return (int)Math.Clamp(rounded, Smallest, largest);
    }

    /// <summary>Items of <paramref name="size"/> floats that cover <paramref name="length"/>.</summary>
    public static int Count(int length, int size) => (length + size - 1) / size;
}
