namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Where <see cref="PackedGemm"/> reads an operand from, seen as X[free, depth]: for A, X = op(A)[M, K]
/// (free = rows of C); for B, X = op(B)ᵀ[N, K] (free = columns of C). Packing copies a block of X into a panel,
/// so an operand need not exist as a matrix at all (the convolutions' shifted views of a signal).
/// </summary>
public interface IGemmOperand
{
    /// <summary>packed[p * width + i] = X[first + i, p0 + p] for i &lt; count, p &lt; depth; entries i ≥ count are already zero.</summary>
    void Pack(int first, int count, int p0, int depth, Span<float> packed, int width);
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

    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        if (FreeStride == 1)
        {
            // neighbours along the free dimension are adjacent: one contiguous copy per depth step
            for (int p = 0; p < depth; p++)
                Data.AsSpan(Offset + first + (p0 + p) * DepthStride, count).CopyTo(packed.Slice(p * width, count));
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
