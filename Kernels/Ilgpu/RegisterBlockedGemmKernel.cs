using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The big-tile matrix-multiply kernel, for outputs large enough to fill the device (<see cref="GemmTilePlan"/>). A
/// group of 16x16 threads owns a 64x64 block of c and each thread a 4x4 block of outputs in registers (rows lane + 16i,
/// columns lane + 16j, so the final stores coalesce as in <see cref="TiledGemmKernel"/>). The K walk is
/// double-buffered (<see cref="StagedRuns"/>): while the group multiplies the 16-deep tiles of a and b in one shared
/// stage, each thread already holds its run of four elements of the next tiles, fetched from global memory into
/// registers, and stores them into the other stage; one barrier per step. The 16 depths of a stage are unrolled by hand
/// (ILGPU at O2 keeps a counted loop), so the multiply is straight-line code between barriers. Runs that the
/// layout promises contiguous and aligned
/// (<see cref="IMatrixLayout.ContiguousRun"/>) are one 16-byte load; every other run, and every run that crosses an
/// edge of the matrix or of the K slice, is four scalar loads. Split-K slices, beta and the reduction work exactly as
/// in the 32x32 kernel.
/// </summary>
internal static class RegisterBlockedGemmKernel
{
    /// <summary>Side of the block of c one group computes.</summary>
    public const int Tile = 64;

    /// <summary>
    /// Depth of the K tile staged in shared memory per step: 4 x 4 unrolled depths; a 64x16 tile is 256 runs of four
    /// (<see cref="VectorRuns.Width"/>), one per thread.
    /// </summary>
    public const int Depth = 16;

    /// <summary>Threads along each side of a group, as in the 32x32 kernel.</summary>
    public const int Lanes = TiledGemmKernel.Lanes;

    // Row pitch 66: a warp's runs down K (8 rows x 4 runs) store into 32 different banks, runs along the 64-wide axis
    // into 16 (two-way), and the multiply's reads of 16 consecutive lanes never conflict.
    private const int Pitch = Tile + 2;
    private const int Stage = Depth * Pitch;

    /// <summary>Grid X walks 64-row blocks, grid Y 64-column blocks, grid Z K slices; groups are 16x16.</summary>
    public static KernelConfig Config(in GemmShape shape, int slices) => TiledGemmKernel.BlockGrid(shape, Tile, slices);

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*64 .. +64, gy*64 .. +64] of slice z.
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices, VectorReads vectors)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        var aTiles = SharedMemory.Allocate<float>(2 * Stage); // aTiles[s*Stage + p*Pitch + r] = a[row0 + r, p0 + p]
        var bTiles = SharedMemory.Allocate<float>(2 * Stage); // bTiles[s*Stage + q*Pitch + j] = b[p0 + q, col0 + j]
        int thread = Group.IdxY * Lanes + Group.IdxX;
        int row0 = Grid.IdxX * Tile, col0 = Grid.IdxY * Tile;
        int rowLane = cLayout.RowsContiguous ? Group.IdxX : Group.IdxY;
        int colLane = cLayout.RowsContiguous ? Group.IdxY : Group.IdxX;

        // This thread's run in the 64x16 tile of a and the 16x64 tile of b, along each operand's fast axis.
        StagedRuns.Start(thread, aLayout.RowsContiguous, Tile, Depth, out int aRow, out int aDepth);
        StagedRuns.Start(thread, bLayout.RowsContiguous, Depth, Tile, out int bDepth, out int bColumn);
        int aStep = aLayout.RowsContiguous ? 1 : Pitch, bStep = bLayout.RowsContiguous ? Pitch : 1;
        int aSlot = aDepth * Pitch + aRow, bSlot = bDepth * Pitch + bColumn;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        int steps = kEnd > kBegin ? (kEnd - kBegin + Depth - 1) / Depth : 0;
        var aRun = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow, kBegin + aDepth, shape.M, kEnd);
        var bRun = StagedRuns.Fetch(b, bLayout, vectors.OfB, kBegin + bDepth, col0 + bColumn, kEnd, shape.N);
        StagedRuns.Store(aTiles, aSlot, aStep, aRun);
        StagedRuns.Store(bTiles, bSlot, bStep, bRun);
        Group.Barrier();

        var sums = new Sums(default, default, default, default);
        for (int step = 0; step < steps; step++)
        {
            int stage = (step & 1) * Stage, next = Stage - stage;
            bool more = step + 1 < steps;
            if (more)
            {
                int p0 = kBegin + (step + 1) * Depth;
                aRun = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow, p0 + aDepth, shape.M, kEnd);
                bRun = StagedRuns.Fetch(b, bLayout, vectors.OfB, p0 + bDepth, col0 + bColumn, kEnd, shape.N);
            }

            sums = MultiplyStage(sums, aTiles, bTiles, stage + rowLane, stage + colLane);

            if (more)
            {
                StagedRuns.Store(aTiles, next + aSlot, aStep, aRun);
                StagedRuns.Store(bTiles, next + bSlot, bStep, bRun);
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        var slice = c.SubView(offset, c.Length - offset);
        int row = row0 + rowLane, col = col0 + colLane;
        StoreRow(slice, cLayout, shape, row, col, sums.R0);
        StoreRow(slice, cLayout, shape, row + Lanes, col, sums.R1);
        StoreRow(slice, cLayout, shape, row + 2 * Lanes, col, sums.R2);
        StoreRow(slice, cLayout, shape, row + 3 * Lanes, col, sums.R3);
    }

    // sums + the stage's 16 depths, unrolled as four times four: a at aBase + p*Pitch, b at bBase + p*Pitch.
    private static Sums MultiplyStage(Sums sums, ArrayView<float> aTiles, ArrayView<float> bTiles, int aBase,
        int bBase)
    {
        sums = MultiplyFourDepths(sums, aTiles, bTiles, aBase, bBase);
        sums = MultiplyFourDepths(sums, aTiles, bTiles, aBase + 4 * Pitch, bBase + 4 * Pitch);
        sums = MultiplyFourDepths(sums, aTiles, bTiles, aBase + 8 * Pitch, bBase + 8 * Pitch);
        return MultiplyFourDepths(sums, aTiles, bTiles, aBase + 12 * Pitch, bBase + 12 * Pitch);
    }

    // sums + four consecutive depths starting at aBase, bBase.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Sums MultiplyFourDepths(Sums sums, ArrayView<float> aTiles, ArrayView<float> bTiles, int aBase,
        int bBase)
    {
        sums = MultiplyDepth(sums, aTiles, bTiles, aBase, bBase);
        sums = MultiplyDepth(sums, aTiles, bTiles, aBase + Pitch, bBase + Pitch);
        sums = MultiplyDepth(sums, aTiles, bTiles, aBase + 2 * Pitch, bBase + 2 * Pitch);
        return MultiplyDepth(sums, aTiles, bTiles, aBase + 3 * Pitch, bBase + 3 * Pitch);
    }

    // sums_i += aTiles[aBase + 16i] * (bTiles[bBase + 16j])_j: one depth of the 4x4 outer product.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Sums MultiplyDepth(Sums sums, ArrayView<float> aTiles, ArrayView<float> bTiles, int aBase,
        int bBase)
    {
        var bRow = new PackedFloat4(bTiles[bBase], bTiles[bBase + Lanes], bTiles[bBase + 2 * Lanes],
            bTiles[bBase + 3 * Lanes]);
        return new Sums(sums.R0.AddScaled(aTiles[aBase], bRow), sums.R1.AddScaled(aTiles[aBase + Lanes], bRow),
            sums.R2.AddScaled(aTiles[aBase + 2 * Lanes], bRow), sums.R3.AddScaled(aTiles[aBase + 3 * Lanes], bRow));
    }

    // c(row, col + 16j) from lane j of sums, inside the shape.
    private static void StoreRow<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col,
        PackedFloat4 sums) where TLayout : struct, IMatrixLayout
    {
        TiledGemmKernel.Store(c, layout, shape, row, col, sums.X);
        TiledGemmKernel.Store(c, layout, shape, row, col + Lanes, sums.Y);
        TiledGemmKernel.Store(c, layout, shape, row, col + 2 * Lanes, sums.Z);
        TiledGemmKernel.Store(c, layout, shape, row, col + 3 * Lanes, sums.W);
    }

    /// <summary>A thread's 4x4 accumulators: R_i holds row lane + 16i, columns lane + 16j.</summary>
    private readonly record struct Sums(PackedFloat4 R0, PackedFloat4 R1, PackedFloat4 R2, PackedFloat4 R3);
}
