using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TcnWtaNative.Kernels.Cpu.GemmMicroKernels;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The last few columns of a product as dot products along the depth, where op(A)'s rows and op(B)'s columns are
/// both runs of memory (a row-major A read in place; B stored transposed, as a weight matrix's rows): groove's
/// encoder, bars [4096, 432] times the weights of 100 atoms, ends in a panel of 4 columns. The 16-wide remainder
/// kernel spends one FMA a row per depth step however few of its 16 columns are real, in 6 dependent chains; here 16
/// depth steps go into each FMA, 12 independent sums (3 rows x 4 columns) at a time, reduced across their lanes once
/// per tile. Each sum adds its terms in another order than the panel kernels (16 lane sums, then a tree), so these
/// columns' floats differ from a full panel's by rounding.
/// </summary>
public static class GemmDotTiles
{
    /// <summary>
    /// The most columns worth a dot-product tile: from 9, the 16-wide kernel's share of real lanes wins.
    /// </summary>
    public const int MostColumns = 8;

    private const int Lanes = 16;
    private const int RowsPerBlock = 3, ColumnsPerBlock = 4;

    /// <summary>Whether this CPU runs the tiles: they reduce with AVX-512 shuffles.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// C tile (at most 6 x <see cref="MostColumns"/>) = alpha * A[rows, depth] · B[depth, cols] + beta * C tile, with
    /// row r of A at a[aStart + r * aRowStride + p] and column j of B at b[bStart + j * bColumnStride + p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int depth, float[] a, int aStart, int aRowStride, float[] b, int bStart,
        int bColumnStride, float alpha, float beta, in Tile tile)
    {
        Span<float> sums = stackalloc float[PackedGemm.PanelRows * Lanes];   // row r's sums at r * 16
        for (int row = 0; row < tile.Rows; row += RowsPerBlock)
        for (int column = 0; column < tile.Cols; column += ColumnsPerBlock)
            ThreeByFour(depth, a, aStart, aRowStride, b, bStart, bColumnStride, row, column, tile, sums);
        StorePartial(sums, Lanes, alpha, beta, tile);
    }

    // sums[r * 16 + j] for rows row..row+2 and columns column..column+3; rows and columns past the tile's last repeat
    // it, and their sums land past the tile's, where nothing reads them
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThreeByFour(int depth, float[] a, int aStart, int aRowStride, float[] b, int bStart,
        int bColumnStride, int row, int column, in Tile tile, Span<float> sums)
    {
        ref float a0 = ref a[aStart + Math.Min(row, tile.Rows - 1) * aRowStride];
        ref float a1 = ref a[aStart + Math.Min(row + 1, tile.Rows - 1) * aRowStride];
        ref float a2 = ref a[aStart + Math.Min(row + 2, tile.Rows - 1) * aRowStride];
        ref float b0 = ref b[bStart + Math.Min(column, tile.Cols - 1) * bColumnStride];
        ref float b1 = ref b[bStart + Math.Min(column + 1, tile.Cols - 1) * bColumnStride];
        ref float b2 = ref b[bStart + Math.Min(column + 2, tile.Cols - 1) * bColumnStride];
        ref float b3 = ref b[bStart + Math.Min(column + 3, tile.Cols - 1) * bColumnStride];
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default;
        int vectorDepth = depth - depth % Lanes;
        for (int p = 0; p < vectorDepth; p += Lanes)
        {
            var w0 = Vector512.LoadUnsafe(ref b0, (nuint)p);
            var w1 = Vector512.LoadUnsafe(ref b1, (nuint)p);
            var w2 = Vector512.LoadUnsafe(ref b2, (nuint)p);
            var w3 = Vector512.LoadUnsafe(ref b3, (nuint)p);
            var x = Vector512.LoadUnsafe(ref a0, (nuint)p);
            s00 = Vector512.FusedMultiplyAdd(x, w0, s00); s01 = Vector512.FusedMultiplyAdd(x, w1, s01);
            s02 = Vector512.FusedMultiplyAdd(x, w2, s02); s03 = Vector512.FusedMultiplyAdd(x, w3, s03);
            x = Vector512.LoadUnsafe(ref a1, (nuint)p);
            s10 = Vector512.FusedMultiplyAdd(x, w0, s10); s11 = Vector512.FusedMultiplyAdd(x, w1, s11);
            s12 = Vector512.FusedMultiplyAdd(x, w2, s12); s13 = Vector512.FusedMultiplyAdd(x, w3, s13);
            x = Vector512.LoadUnsafe(ref a2, (nuint)p);
            s20 = Vector512.FusedMultiplyAdd(x, w0, s20); s21 = Vector512.FusedMultiplyAdd(x, w1, s21);
            s22 = Vector512.FusedMultiplyAdd(x, w2, s22); s23 = Vector512.FusedMultiplyAdd(x, w3, s23);
        }
        var row0 = Reduce(s00, s01, s02, s03);
        var row1 = Reduce(s10, s11, s12, s13);
        var row2 = Reduce(s20, s21, s22, s23);
        for (int p = vectorDepth; p < depth; p++)
        {
            var w = Vector128.Create(Unsafe.Add(ref b0, p), Unsafe.Add(ref b1, p), Unsafe.Add(ref b2, p),
                Unsafe.Add(ref b3, p));
            row0 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a0, p)), w, row0);
            row1 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a1, p)), w, row1);
            row2 = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref a2, p)), w, row2);
        }
        row0.StoreUnsafe(ref sums[row * Lanes + column]);
        row1.StoreUnsafe(ref sums[(row + 1) * Lanes + column]);
        row2.StoreUnsafe(ref sums[(row + 2) * Lanes + column]);
    }

    // (sum of s0's lanes, ..., sum of s3's): quarters of the four vectors added pairwise until each 128-bit quarter
    // holds one vector's four partial sums, then those added within their quarter
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce(Vector512<float> s0, Vector512<float> s1, Vector512<float> s2,
        Vector512<float> s3)
    {
        // [s0 q0+q2, s0 q1+q3, s1 q0+q2, s1 q1+q3], the same for s2, s3
        var halves01 = Avx512F.Shuffle4x128(s0, s1, 0x44) + Avx512F.Shuffle4x128(s0, s1, 0xEE);
        var halves23 = Avx512F.Shuffle4x128(s2, s3, 0x44) + Avx512F.Shuffle4x128(s2, s3, 0xEE);
        // quarter j holds vector j's four partial sums
        var quarters = Avx512F.Shuffle4x128(halves01, halves23, 0x88)
            + Avx512F.Shuffle4x128(halves01, halves23, 0xDD);
        var pairs = quarters + Avx512F.Shuffle(quarters, quarters, 0xB1);   // swaps neighbours
        var totals = pairs + Avx512F.Shuffle(pairs, pairs, 0x4E);          // swaps pairs
        return Avx512F.PermuteVar16x32(totals, Vector512.Create(0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12))
            .GetLower().GetLower();
    }
}
