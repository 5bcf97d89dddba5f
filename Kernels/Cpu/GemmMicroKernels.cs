using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The register-blocked FMA micro-kernels of <see cref="PackedGemm"/>: one C tile of 6 rows from one A panel
/// (A[r * RowStride + p * DepthStride]: packed, or a row-major matrix read in place) and one B panel
/// (B[Row(p) + j]: packed, Row(p) = p*W, or runs of the operand read in place), W = 32 (two Vector512) or 16 (two
/// Vector256, or one Vector512 for the packed remainder panels of the 32-wide path), then C = alpha * tile + beta * C
/// with vector stores for full tiles.
/// </summary>
public static class GemmMicroKernels
{
    /// <summary>
    /// Where one micro-tile lands in C: rows x cols (at most PackedGemm.PanelRows x the kernel's width) from (row0,
    /// col0).
    /// </summary>
    public readonly record struct Tile(float[] C, int Offset, int Ldc, int Row0, int Col0, int Rows, int Cols)
    {
        /// <summary>
        /// Whether the tile covers a whole micro-tile of a kernel <paramref name="width"/> columns wide.
        /// </summary>
        public bool IsFull(int width) => Rows == PackedGemm.PanelRows && Cols == width;
        /// <summary>C's element at (Row0 + row, Col0): the start of that tile row.</summary>
        public ref float At(int row) => ref C[Offset + (Row0 + row) * Ldc + Col0];
    }

    /// <summary>
    /// The A side of one micro-tile: element (r, p) at Data[Start + r * RowStride + p * DepthStride]; a packed panel
    /// has RowStride 1 and DepthStride 6, a row-major matrix read in place RowStride = its row length and DepthStride
    /// 1.
    /// </summary>
    public readonly record struct APanel(float[] Data, int Start, int RowStride, int DepthStride);

    /// <summary>Where depth step p of a B panel starts, in floats past the panel's start.</summary>
    public interface IBPanelRows
    {
        /// <summary>The start of depth step p's run in a panel <paramref name="width"/> floats wide.</summary>
        int Row(int p, int width);
    }

    /// <summary>A packed panel: its depth steps one after another, each as wide as the panel.</summary>
    public readonly struct PackedRows : IBPanelRows
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Row(int p, int width) => p * width;
    }

    /// <summary>
    /// A panel read in place in its operand: depth step p's run starts at Starts[p] (the panel's start is its first
    /// column, and the table has an entry for every depth step the kernel reads).
    /// </summary>
    public readonly struct RowTable(int[] starts) : IBPanelRows
    {
        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Row(int p, int width) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(starts), p);
    }

    // The two micro-kernels (and the two row stores) are one algorithm at two vector widths: .NET exposes no
    // public vector interface to write it once generically without losing the register allocation.
    /// <summary>
    /// C tile (6 x 32) = alpha * Apanel[6, depth] * Bpanel[depth, 32] + beta * C tile, with Vector512 FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel512<TRows>(int depth, in APanel panel, float[] b, int bStart, TRows rows,
        float alpha, float beta, in Tile tile) where TRows : struct, IBPanelRows
    {
        const int W = 32;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float r0 = ref panel.Data[panel.Start];
        ref float r1 = ref RowOf(ref r0, 1, panel, tile), r2 = ref RowOf(ref r0, 2, panel, tile);
        ref float r3 = ref RowOf(ref r0, 3, panel, tile), r4 = ref RowOf(ref r0, 4, panel, tile);
        ref float r5 = ref RowOf(ref r0, 5, panel, tile);
        // unchecked: a panel read in place may start past its array's end by its (negative) row starts
        ref float bPanel = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b), bStart);
        int step = panel.DepthStride;
        for (int p = 0; p < depth; p++)
        {
            ref float bRow = ref Unsafe.Add(ref bPanel, rows.Row(p, W));
            var b0 = Vector512.LoadUnsafe(ref bRow);
            var b1 = Vector512.LoadUnsafe(ref bRow, 16);
            int ap = p * step;
            var a0 = Vector512.Create(Unsafe.Add(ref r0, ap));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref r1, ap));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref r2, ap));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref r3, ap));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref r4, ap));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref r5, ap));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
        }
        if (tile.IsFull(W))
        {
            Store(c00, c01, alpha, beta, ref tile.At(0)); Store(c10, c11, alpha, beta, ref tile.At(1));
            Store(c20, c21, alpha, beta, ref tile.At(2)); Store(c30, c31, alpha, beta, ref tile.At(3));
            Store(c40, c41, alpha, beta, ref tile.At(4)); Store(c50, c51, alpha, beta, ref tile.At(5));
            return;
        }
        Span<float> partial = stackalloc float[PackedGemm.PanelRows * W];
        c00.StoreUnsafe(ref partial[0]); c01.StoreUnsafe(ref partial[16]);
        c10.StoreUnsafe(ref partial[32]); c11.StoreUnsafe(ref partial[48]);
        c20.StoreUnsafe(ref partial[64]); c21.StoreUnsafe(ref partial[80]);
        c30.StoreUnsafe(ref partial[96]); c31.StoreUnsafe(ref partial[112]);
        c40.StoreUnsafe(ref partial[128]); c41.StoreUnsafe(ref partial[144]);
        c50.StoreUnsafe(ref partial[160]); c51.StoreUnsafe(ref partial[176]);
        StorePartial(partial, W, alpha, beta, tile);
    }

    /// <summary>
    /// C tile (6 x 16) = alpha * Apanel[6, depth] * Bpanel[depth, 16] + beta * C tile, one Vector512 FMA a row: the
    /// remainder panels of the 32-wide path, in half the FMA instructions of <see cref="MicroKernel256"/> (a 256-bit
    /// FMA takes a 512-bit one's issue slot). Each sum takes the same terms in the same order as in either other
    /// kernel, so the floats are theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel512Narrow(int depth, in APanel panel, float[] b, int bStart, float alpha, float beta,
        in Tile tile)
    {
        const int W = 16;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        ref float r0 = ref panel.Data[panel.Start];
        ref float r1 = ref RowOf(ref r0, 1, panel, tile), r2 = ref RowOf(ref r0, 2, panel, tile);
        ref float r3 = ref RowOf(ref r0, 3, panel, tile), r4 = ref RowOf(ref r0, 4, panel, tile);
        ref float r5 = ref RowOf(ref r0, 5, panel, tile);
        ref float bPanel = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b), bStart);
        int step = panel.DepthStride;
        for (int p = 0; p < depth; p++)
        {
            var row = Vector512.LoadUnsafe(ref bPanel, (nuint)(p * W));
            int ap = p * step;
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r0, ap)), row, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r1, ap)), row, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r2, ap)), row, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r3, ap)), row, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r4, ap)), row, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref r5, ap)), row, c5);
        }
        if (tile.IsFull(W))
        {
            Store(c0, alpha, beta, ref tile.At(0)); Store(c1, alpha, beta, ref tile.At(1));
            Store(c2, alpha, beta, ref tile.At(2)); Store(c3, alpha, beta, ref tile.At(3));
            Store(c4, alpha, beta, ref tile.At(4)); Store(c5, alpha, beta, ref tile.At(5));
            return;
        }
        Span<float> partial = stackalloc float[PackedGemm.PanelRows * W];
        c0.StoreUnsafe(ref partial[0]); c1.StoreUnsafe(ref partial[16]); c2.StoreUnsafe(ref partial[32]);
        c3.StoreUnsafe(ref partial[48]); c4.StoreUnsafe(ref partial[64]); c5.StoreUnsafe(ref partial[80]);
        StorePartial(partial, W, alpha, beta, tile);
    }

    /// <summary>
    /// C tile (6 x 16) = alpha * Apanel[6, depth] * Bpanel[depth, 16] + beta * C tile, with Vector256 FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel256<TRows>(int depth, in APanel panel, float[] b, int bStart, TRows rows,
        float alpha, float beta, in Tile tile) where TRows : struct, IBPanelRows
    {
        const int W = 16;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float r0 = ref panel.Data[panel.Start];
        ref float r1 = ref RowOf(ref r0, 1, panel, tile), r2 = ref RowOf(ref r0, 2, panel, tile);
        ref float r3 = ref RowOf(ref r0, 3, panel, tile), r4 = ref RowOf(ref r0, 4, panel, tile);
        ref float r5 = ref RowOf(ref r0, 5, panel, tile);
        // unchecked: a panel read in place may start past its array's end by its (negative) row starts
        ref float bPanel = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b), bStart);
        int step = panel.DepthStride;
        for (int p = 0; p < depth; p++)
        {
            ref float bRow = ref Unsafe.Add(ref bPanel, rows.Row(p, W));
            var b0 = Vector256.LoadUnsafe(ref bRow);
            var b1 = Vector256.LoadUnsafe(ref bRow, 8);
            int ap = p * step;
            var a0 = Vector256.Create(Unsafe.Add(ref r0, ap));
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref r1, ap));
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref r2, ap));
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref r3, ap));
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref r4, ap));
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref r5, ap));
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
        }
        if (tile.IsFull(W))
        {
            Store(c00, c01, alpha, beta, ref tile.At(0)); Store(c10, c11, alpha, beta, ref tile.At(1));
            Store(c20, c21, alpha, beta, ref tile.At(2)); Store(c30, c31, alpha, beta, ref tile.At(3));
            Store(c40, c41, alpha, beta, ref tile.At(4)); Store(c50, c51, alpha, beta, ref tile.At(5));
            return;
        }
        Span<float> partial = stackalloc float[PackedGemm.PanelRows * W];
        c00.StoreUnsafe(ref partial[0]); c01.StoreUnsafe(ref partial[8]);
        c10.StoreUnsafe(ref partial[16]); c11.StoreUnsafe(ref partial[24]);
        c20.StoreUnsafe(ref partial[32]); c21.StoreUnsafe(ref partial[40]);
        c30.StoreUnsafe(ref partial[48]); c31.StoreUnsafe(ref partial[56]);
        c40.StoreUnsafe(ref partial[64]); c41.StoreUnsafe(ref partial[72]);
        c50.StoreUnsafe(ref partial[80]); c51.StoreUnsafe(ref partial[88]);
        StorePartial(partial, W, alpha, beta, tile);
    }

    // row r of the A panel; rows past the tile's last repeat that row (an A read in place has nothing past row M),
    // their sums are dropped
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float RowOf(ref float row0, int r, in APanel panel, in Tile tile)
        => ref Unsafe.Add(ref row0, Math.Min(r, tile.Rows - 1) * panel.RowStride);

    // one full row of a tile: c[0..2V) = alpha * (left, right) + beta * c (beta = 0 never reads c)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> left, Vector512<float> right, float alpha, float beta, ref float c)
    {
        left *= alpha;
        right *= alpha;
        if (beta != 0f)
        {
            left = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c), Vector512.Create(beta), left);
            right = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c, 16), Vector512.Create(beta), right);
        }
        left.StoreUnsafe(ref c);
        right.StoreUnsafe(ref c, 16);
    }

    // one full row of a narrow tile: c[0..16) = alpha * sum + beta * c (beta = 0 never reads c)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> sum, float alpha, float beta, ref float c)
    {
        sum *= alpha;
        if (beta != 0f) sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c), Vector512.Create(beta), sum);
        sum.StoreUnsafe(ref c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> left, Vector256<float> right, float alpha, float beta, ref float c)
    {
        left *= alpha;
        right *= alpha;
        if (beta != 0f)
        {
            left = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c), Vector256.Create(beta), left);
            right = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, 8), Vector256.Create(beta), right);
        }
        left.StoreUnsafe(ref c);
        right.StoreUnsafe(ref c, 8);
    }

    // the edge tiles: partial[r * width + j] holds the product for the tile's row r, column j; rounded as the full
    // tiles' vector stores round (alpha * sum, then one fused multiply-add of beta * C), so an element's float does
    // not depend on where its tile falls
    private static void StorePartial(ReadOnlySpan<float> partial, int width, float alpha, float beta, in Tile tile)
    {
        for (int r = 0; r < tile.Rows; r++)
        {
            var target = tile.C.AsSpan(tile.Offset + (tile.Row0 + r) * tile.Ldc + tile.Col0, tile.Cols);
            var source = partial.Slice(r * width, tile.Cols);
            for (int j = 0; j < target.Length; j++)
                target[j] = beta == 0f ? alpha * source[j] : MathF.FusedMultiplyAdd(target[j], beta, alpha * source[j]);
        }
    }

}
