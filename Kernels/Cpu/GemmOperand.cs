using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Where <see cref="PackedGemm"/> reads an operand from, seen as X[free, depth]: for A, X = op(A)[M, K]
/// (free = rows of C); for B, X = op(B)ᵀ[N, K] (free = columns of C). Packing copies a block of X into a panel,
/// so an operand need not exist as a matrix at all (the convolutions' shifted views of a signal).
/// </summary>
public interface IGemmOperand
{
    /// <summary>
    /// packed[p * width + i] = X[first + i, p0 + p] for i &lt; count, p &lt; depth; entries i ≥ count are already
    /// zero.
    /// </summary>
    void Pack(int first, int count, int p0, int depth, Span<float> packed, int width);

    /// <summary>The array the operand reads.</summary>
    float[] Data { get; }

    /// <summary>
    /// Where depth steps p0..p0+depth of X are runs along the free dimension that a GEMM may read in place:
    /// X[i, p0 + p] = Data[rowStarts[p] + i] for every p &lt; depth and i in [First, End); an empty range (and
    /// rowStarts untouched) where they are not runs. With no depth steps, a non-empty range says the operand has runs
    /// at all.
    /// </summary>
    (int First, int End) RowsInPlace(int p0, int depth, Span<int> rowStarts);
}

/// <summary>
/// Copies one run of a panel row: full 16- and 32-wide rows with whole-vector moves, the 6-wide rows of A panels
/// element by element (for such short runs CopyTo's call costs more than the move).
/// </summary>
public static class PanelRow
{
    /// <summary>destination[..source.Length] = source; destination must be at least as long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length == 32 && Vector512.IsHardwareAccelerated)
        {
            Vector512.Create(source).CopyTo(destination);
            Vector512.Create(source[16..]).CopyTo(destination[16..]);
        }
        else if (source.Length == 16 && Vector256.IsHardwareAccelerated)
        {
            Vector256.Create(source).CopyTo(destination);
            Vector256.Create(source[8..]).CopyTo(destination[8..]);
        }
        else if (source.Length <= 8)
        {
            for (int i = 0; i < source.Length; i++) destination[i] = source[i];
        }
        else source.CopyTo(destination);
    }
}

/// <summary>
/// A stored matrix as an operand: X[i, p] = Data[Offset + i * FreeStride + p * DepthStride].
/// </summary>
public readonly record struct StridedOperand(float[] Data, int Offset, int FreeStride, int DepthStride) : IGemmOperand
{
    /// <summary>op(A)[M, K] for A stored row-major [M, K], or [K, M] when transposed.</summary>
    public static StridedOperand LeftOf(float[] data, int offset, bool transposed, int m, int k)
        => transposed ? new(data, offset, 1, m) : new(data, offset, k, 1);

    /// <summary>op(B)[K, N] for B stored row-major [K, N], or [N, K] when transposed.</summary>
    public static StridedOperand RightOf(float[] data, int offset, bool transposed, int n, int k)
        => transposed ? new(data, offset, k, 1) : new(data, offset, 1, n);

    /// <inheritdoc />
    /// <remarks>
    /// None: a row-major matrix's rows are runs too, but a panel's depth steps are then as many distinct rows, which
    /// at a power-of-two row length all fall in the same few L1 sets (64 x 4,096 x 192 took 0.96-1.27 ms in place
    /// against 0.64-0.77 ms packed); a stride-1 convolution's taps share each channel's rows.
    /// </remarks>
    public (int First, int End) RowsInPlace(int p0, int depth, Span<int> rowStarts) => (0, 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        if (FreeStride == 1)
        {
            // neighbours along the free dimension are adjacent: one contiguous copy per depth step
            for (int p = 0; p < depth; p++)
                PanelRow.Copy(Data.AsSpan(Offset + first + (p0 + p) * DepthStride, count),
                    packed.Slice(p * width, count));
            return;
        }
        for (int i = 0; i < count; i++)
        {
            int start = Offset + (first + i) * FreeStride + p0 * DepthStride;
            if (DepthStride == 1)
            {
                var source = Data.AsSpan(start, depth);
                for (int p = 0; p < depth; p++) packed[p * width + i] = source[p];
            }
            else
                for (int p = 0; p < depth; p++) packed[p * width + i] = Data[start + p * DepthStride];
        }
    }
}
