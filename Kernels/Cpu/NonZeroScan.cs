using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Finds the non-zeros of a mostly zero array: counts them eight values at a time (one compare and one bit mask per
/// eight) and compacts them without branches; NaN counts as non-zero. The scan under <see cref="SparseFrameCodes"/>'
/// products.
/// </summary>
internal static class NonZeroScan
{
    /// <summary>What a scan calls for each non-zero: its index in the scanned span and its value.</summary>
    public interface ITerm
    {
        void Add(int index, float value);
    }

    /// <summary>
    /// How many ranges a pass over <paramref name="length"/> values splits into among the active workers: one per
    /// <paramref name="fewestPerRange"/> values, at least one and at most four per worker.
    /// </summary>
    public static int Ranges(int length, int fewestPerRange)
        => Math.Clamp(length / fewestPerRange, 1, 4 * CoreWorkers.Active);

    /// <summary>Range <paramref name="index"/> of <paramref name="ranges"/> over <paramref name="length"/> values:
    /// whole vectors of eight, the last taking the rest.</summary>
    public static (int First, int Count) Range(int length, int ranges, int index)
    {
        int size = length / ranges / 8 * 8, first = index * size;
        return (first, index == ranges - 1 ? length - first : size);
    }

    /// <summary>How many of values are not zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Count(ReadOnlySpan<float> values)
    {
        long count = 0;
        int i = 0;
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            count += BitOperations.PopCount(NonZeroBits(values, i));
        for (; i < values.Length; i++) if (values[i] != 0f) count++;
        return count;
    }

    /// <summary>
    /// Calls <paramref name="term"/> with (flat index, value) for each non-zero of values, in index order: a block at a
    /// time compacted (<see cref="Compact"/>), then its non-zeros passed on in a loop of known length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining), SkipLocalsInit]
    public static void ForEach<TTerm>(ReadOnlySpan<float> values, ref TTerm term) where TTerm : struct, ITerm
    {
        const int Block = 256;
        // not cleared: Compact writes every slot it counts
        Span<int> indices = stackalloc int[Block];
        Span<float> nonZeros = stackalloc float[Block];
        for (int first = 0; first < values.Length; first += Block)
        {
            int count = Compact(values.Slice(first, Math.Min(Block, values.Length - first)), first, indices, nonZeros);
            for (int i = 0; i < count; i++) term.Add(indices[i], nonZeros[i]);
        }
    }

    /// <summary>
    /// Writes the non-zeros of values in index order to <paramref name="nonZeros"/> and their indices plus
    /// <paramref name="firstIndex"/> to <paramref name="indices"/>, each as long as values, and returns how many.
    /// Without branches on the values: AVX-512 compresses sixteen at a time; elsewhere each value is written to the
    /// next slot, which only a non-zero keeps. Slots past the count are overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Compact(ReadOnlySpan<float> values, int firstIndex, Span<int> indices, Span<float> nonZeros)
    {
        if (indices.Length < values.Length || nonZeros.Length < values.Length)
            throw new ArgumentException("the compacted non-zeros need as many slots as there are values");
        int count = 0, i = 0;
        if (Avx512F.IsSupported)
        {
            ref int index = ref MemoryMarshal.GetReference(indices);
            ref float nonZero = ref MemoryMarshal.GetReference(nonZeros);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                // count <= i, so the sixteen slots from count lie within the first i + 16
                var block = Vector512.Create(values.Slice(i, Vector512<float>.Count));
                var kept = ~Vector512.Equals(block, Vector512<float>.Zero);
                Avx512F.Compress(Vector512<float>.Zero, kept, block).StoreUnsafe(ref nonZero, (nuint)count);
                Avx512F.Compress(Vector512<int>.Zero, kept.AsInt32(), Vector512<int>.Indices
                    + Vector512.Create(firstIndex + i)).StoreUnsafe(ref index, (nuint)count);
                count += BitOperations.PopCount(kept.ExtractMostSignificantBits());
            }
        }
        for (; i < values.Length; i++)
        {
            (indices[count], nonZeros[count]) = (firstIndex + i, values[i]);
            count += values[i] != 0f ? 1 : 0;
        }
        return count;
    }

    // bit j set where values[start + j] != 0 (NaN included), for the eight values from start
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NonZeroBits(ReadOnlySpan<float> values, int start)
        => ~Vector256.Equals(Vector256.Create(values.Slice(start, Vector256<float>.Count)), Vector256<float>.Zero)
            .ExtractMostSignificantBits() & 0xFFu;
}
