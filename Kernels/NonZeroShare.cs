using System.Runtime.CompilerServices;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Kernels;

/// <summary>
/// Whether host values are mostly zeros: at most a share of them non-zero (NaN counts as non-zero). The one count
/// behind the sparse paths' choices, for a tensor's upload (its <c>NonZeros</c> hint) as for the SIMD backend's
/// products.
/// </summary>
public static class NonZeroShare
{
    /// <summary>Values counted between looks at the total: a scan stops within a block of passing the limit.</summary>
    internal const int CountBlock = 4096;

    /// <summary>
    /// Whether at most <paramref name="share"/> of <paramref name="values"/> are non-zero; stops reading once it has
    /// seen more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AtMost(ReadOnlySpan<float> values, double share)
    {
        long limit = Limit(values.Length, share), count = 0;
        for (int i = 0; i < values.Length && count <= limit; i += CountBlock)
            count += NonZeroScan.Count(values.Slice(i, Math.Min(CountBlock, values.Length - i)));
        return count <= limit;
    }

    /// <summary>How many of <paramref name="values"/> are not zero (NaN counts as non-zero).</summary>
    public static long Count(ReadOnlySpan<float> values) => NonZeroScan.Count(values);

    /// <summary>
    /// Whether <paramref name="nonZeros"/> of <paramref name="length"/> values are at most the sparse paths' share
    /// (<see cref="ConvGeometry.SparseInputMostNonZeros"/>).
    /// </summary>
    public static Sparseness SparsenessOf(long nonZeros, long length)
        => nonZeros <= Limit(length, ConvGeometry.SparseInputMostNonZeros) ? Sparseness.Sparse : Sparseness.Dense;

    /// <summary>The most non-zeros that <paramref name="length"/> values at <paramref name="share"/> may
    /// hold.</summary>
    internal static long Limit(long length, double share) => (long)(length * share);
}
