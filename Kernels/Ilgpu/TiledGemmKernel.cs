using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>Sizes and scalars of one GEMM: c[M,N] = Alpha * a[M,K] · b[K,N] + Beta * c.</summary>
internal readonly record struct GemmShape(int M, int N, int K, float Alpha, float Beta);

/// <summary>
/// The K slice a group reduces over: slice z (grid Z) covers [z*Depth, min(K, (z+1)*Depth)) and stores its block
/// at offset z*OutputStride of c. The unsplit launch is one slice of depth K with stride 0.
/// </summary>
internal readonly record struct KSlices(int Depth, int OutputStride);

/// <summary>
/// The one matrix-multiply kernel behind GEMM and every convolution. A group of 16x16 threads owns a 32x32 block
/// of c; it walks its K range in steps of 32, staging a 32x32 tile of a and of b in shared memory (row pitch 33 so
/// neither the column-wise stores nor the reads hit the same bank twice), and each thread accumulates a 2x2 block
/// of outputs in registers. Operands are read through <see cref="IMatrixLayout"/> structs, so transposes, signal
/// frames and convolution patches cost an index computation per tile load, never a copy.
/// </summary>
internal static class TiledGemmKernel
{
    /// <summary>Side of the block of c one group computes, and depth of a K slice.</summary>
    public const int Tile = 32;

    /// <summary>Threads along each side of a group; each thread owns outputs (lane, lane + 16) on both axes.</summary>
    public const int Lanes = 16;

    /// <summary>Row pitch of the shared tiles: one more than a tile side, so no access hits a bank twice.</summary>
    internal const int Pitch = Tile + 1;

    /// <summary>Threads in a group.</summary>
    internal const int Threads = Lanes * Lanes;

    /// <summary>
    /// Grid X walks blocks of rows (up to 2^31 - 1), grid Y blocks of columns, grid Z K slices; groups are 16x16.
    /// </summary>
    public static KernelConfig Config(in GemmShape shape, int slices) => BlockGrid(shape, Tile, slices);

    /// <summary>One 16x16 group per <paramref name="block"/>-square block of c and K slice.</summary>
    internal static KernelConfig BlockGrid(in GemmShape shape, int block, int slices) => new(
        new Index3D((shape.M + block - 1) / block, (shape.N + block - 1) / block, slices),
        new Index3D(Lanes, Lanes, 1));

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*32 .. +32, gy*32 .. +32] of slice z.
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        var aTile = SharedMemory.Allocate<float>(Tile * Pitch); // aTile[p*Pitch + r] = a[row0 + r, p0 + p]
        var bTile = SharedMemory.Allocate<float>(Tile * Pitch); // bTile[p*Pitch + j] = b[p0 + p, col0 + j]
        int thread = Group.IdxY * Lanes + Group.IdxX;
        int row0 = Grid.IdxX * Tile, col0 = Grid.IdxY * Tile;

        // Adjacent threads take adjacent rows when c's rows are adjacent in memory, so the final stores coalesce.
        int rowLane = cLayout.RowsContiguous ? Group.IdxX : Group.IdxY;
        int colLane = cLayout.RowsContiguous ? Group.IdxY : Group.IdxX;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        float c00 = 0f, c01 = 0f, c10 = 0f, c11 = 0f;
        for (int p0 = kBegin; p0 < kEnd; p0 += Tile)
        {
            StageTiles(a, aLayout, b, bLayout, aTile, bTile, thread, row0, col0, p0, kEnd, shape);
            Group.Barrier();

            for (int p = 0; p < Tile; p++)
            {
                float a0 = aTile[p * Pitch + rowLane], a1 = aTile[p * Pitch + rowLane + Lanes];
                float b0 = bTile[p * Pitch + colLane], b1 = bTile[p * Pitch + colLane + Lanes];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c10 += a1 * b0;
                c11 += a1 * b1;
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        var slice = c.SubView(offset, c.Length - offset);
        Store(slice, cLayout, shape, row0 + rowLane, col0 + colLane, c00);
        Store(slice, cLayout, shape, row0 + rowLane, col0 + colLane + Lanes, c01);
        Store(slice, cLayout, shape, row0 + rowLane + Lanes, col0 + colLane, c10);
        Store(slice, cLayout, shape, row0 + rowLane + Lanes, col0 + colLane + Lanes, c11);
    }

    /// <summary>
    /// The 256 threads of a group copy a[row0 .. +32, p0 .. +32] to aTile[p*Pitch + r] and b[p0 .. +32, col0 .. +32]
    /// to bTile[p*Pitch + j], zero outside the shape and past <paramref name="kEnd"/>; the caller adds the barrier.
    /// </summary>
    internal static void StageTiles<TA, TB>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> aTile, ArrayView<float> bTile, int thread, int row0, int col0, int p0, int kEnd,
        in GemmShape shape)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout
    {
        for (int e = thread; e < Tile * Tile; e += Threads)
        {
            int fast = e % Tile, slow = e / Tile;
            int r = aLayout.RowsContiguous ? fast : slow, p = aLayout.RowsContiguous ? slow : fast;
            aTile[p * Pitch + r] = Fetch(a, aLayout, row0 + r, p0 + p, shape.M, kEnd);
            int q = bLayout.RowsContiguous ? fast : slow, j = bLayout.RowsContiguous ? slow : fast;
            bTile[q * Pitch + j] = Fetch(b, bLayout, p0 + q, col0 + j, kEnd, shape.N);
        }
    }

    /// <summary>view(row, col) through the layout; zero outside rows x cols and where the layout has padding.</summary>
    internal static float Fetch<TLayout>(ArrayView<float> view, TLayout layout, int row, int col, int rows, int cols)
        where TLayout : struct, IMatrixLayout
    {
        if (row >= rows || col >= cols) return 0f;
        int index = layout.IndexOf(row, col);
        return index < 0 ? 0f : view[index];
    }

    /// <summary>c(row, col) = alpha * sum + beta * c(row, col) inside the shape; beta = 0 never reads c, so stale
    /// contents (NaN included) cannot leak into the result.</summary>
    internal static void Store<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col,
        float sum)
        where TLayout : struct, IMatrixLayout
    {
        if (row >= shape.M || col >= shape.N) return;
        int index = layout.IndexOf(row, col);
        c[index] = shape.Alpha * sum + (shape.Beta == 0f ? 0f : shape.Beta * c[index]);
    }
}
