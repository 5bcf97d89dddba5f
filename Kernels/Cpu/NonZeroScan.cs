using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Finds the non-zeros of a mostly zero array eight values at a time (one compare and one bit mask per eight); NaN
/// counts as non-zero. The scan under <see cref="SparseFrameCodes"/>' products.
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
    /// Calls <paramref name="term"/> with (flat index, value) for each non-zero of values, in index order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForEach<TTerm>(ReadOnlySpan<float> values, ref TTerm term) where TTerm : struct, ITerm
    {
        int i = 0;
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            for (uint bits = NonZeroBits(values, i); bits != 0; bits &= bits - 1)
            {
                int index = i + BitOperations.TrailingZeroCount(bits);
                term.Add(index, values[index]);
            }
        for (; i < values.Length; i++) if (values[i] != 0f) term.Add(i, values[i]);
    }

    // bit j set where values[start + j] != 0 (NaN included), for the eight values from start
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NonZeroBits(ReadOnlySpan<float> values, int start)
        => ~Vector256.Equals(Vector256.Create(values.Slice(start, Vector256<float>.Count)), Vector256<float>.Zero)
            .ExtractMostSignificantBits() & 0xFFu;
}
