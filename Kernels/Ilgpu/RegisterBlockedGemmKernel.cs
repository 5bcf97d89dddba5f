using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The big-tile matrix-multiply kernel, for outputs large enough to fill the device (<see cref="GemmTilePlan"/>). A
/// group of 16x16 threads owns a 64x64 block of c and each thread a 4x4 block of outputs in registers (rows 4 lane +
/// i, columns 4 lane + j): a depth's four values of a and of b are then adjacent in shared memory, two 16-byte loads
/// for its 16 fused multiply-adds (session 43 found the H200's SASS of the strided version issuing a scalar shared
/// load for every two FFMAs). The K walk is
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

    // Row pitch 68, a multiple of four so that every depth's row starts 16-byte aligned for the multiply's vector
    // reads. A warp's runs down K (8 rows x 4 runs of depths) then store into 16 banks, two-way (pitch 66 gave 32).
    private const int Pitch = Tile + VectorRuns.Width;
    private const int Stage = Depth * Pitch;
    private const int RunPitch = Pitch / VectorRuns.Width;   // the pitch in runs of four

    /// <summary>Grid X walks 64-row blocks, grid Y 64-column blocks, grid Z K slices; groups are 16x16.</summary>
    public static KernelConfig Config(in GemmShape shape, int slices) => TiledGemmKernel.BlockGrid(shape, Tile, slices);

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*64 .. +64, gy*64 .. +64] of slice z.
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices, VectorReads vectors)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        // aTiles[s*Stage + p*Pitch + r] = a[row0 + r, p0 + p], bTiles[s*Stage + q*Pitch + j] = b[p0 + q, col0 + j];
        // allocated as runs of four, so that a run read as one vector is 16-byte aligned
        var aRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var bRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var aTiles = aRuns.Cast<float>();
        var bTiles = bRuns.Cast<float>();
        int thread = Group.IdxY * Lanes + Group.IdxX;
        int row0 = Grid.IdxX * Tile, col0 = Grid.IdxY * Tile;
        int rowLane = cLayout.RowsContiguous ? Group.IdxX : Group.IdxY;
        int colLane = cLayout.RowsContiguous ? Group.IdxY : Group.IdxX;
        int rowRun = VectorRuns.Width * rowLane, colRun = VectorRuns.Width * colLane;

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

            sums = MultiplyStage(sums, aRuns, bRuns, (stage + rowRun) / VectorRuns.Width,
                (stage + colRun) / VectorRuns.Width);

            if (more)
            {
                StagedRuns.Store(aTiles, next + aSlot, aStep, aRun);
                StagedRuns.Store(bTiles, next + bSlot, bStep, bRun);
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        var slice = c.SubView(offset, c.Length - offset);
        int row = row0 + rowRun, col = col0 + colRun;
        StoreRow(slice, cLayout, shape, row, col, sums.R0);
        StoreRow(slice, cLayout, shape, row + 1, col, sums.R1);
        StoreRow(slice, cLayout, shape, row + 2, col, sums.R2);
        StoreRow(slice, cLayout, shape, row + 3, col, sums.R3);
    }

    // sums + the stage's 16 depths, unrolled as four times four: a's run at aRun + p*Pitch/4, b's at bRun + p*Pitch/4
    // (indices of runs of four).
    private static Sums MultiplyStage(Sums sums, ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns,
        int aRun, int bRun)
    {
        const int step = 4 * RunPitch;
        sums = MultiplyFourDepths(sums, aRuns, bRuns, aRun, bRun);
        sums = MultiplyFourDepths(sums, aRuns, bRuns, aRun + step, bRun + step);
        sums = MultiplyFourDepths(sums, aRuns, bRuns, aRun + 2 * step, bRun + 2 * step);
        return MultiplyFourDepths(sums, aRuns, bRuns, aRun + 3 * step, bRun + 3 * step);
    }

    // sums + four consecutive depths starting at runs aRun, bRun.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Sums MultiplyFourDepths(Sums sums, ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns,
        int aRun, int bRun)
    {
        sums = MultiplyDepth(sums, aRuns[aRun], bRuns[bRun]);
        sums = MultiplyDepth(sums, aRuns[aRun + RunPitch], bRuns[bRun + RunPitch]);
        sums = MultiplyDepth(sums, aRuns[aRun + 2 * RunPitch], bRuns[bRun + 2 * RunPitch]);
        return MultiplyDepth(sums, aRuns[aRun + 3 * RunPitch], bRuns[bRun + 3 * RunPitch]);
    }

    // sums_i += a_i * b_j: one depth of the 4x4 outer product, from this thread's four rows of a and columns of b.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Sums MultiplyDepth(Sums sums, PackedFloat4 a, PackedFloat4 b)
        => new(sums.R0.AddScaled(a.X, b), sums.R1.AddScaled(a.Y, b), sums.R2.AddScaled(a.Z, b),
            sums.R3.AddScaled(a.W, b));

    // c(row, col + j) from lane j of sums, inside the shape.
    private static void StoreRow<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col,
        PackedFloat4 sums) where TLayout : struct, IMatrixLayout
    {
        TiledGemmKernel.Store(c, layout, shape, row, col, sums.X);
        TiledGemmKernel.Store(c, layout, shape, row, col + 1, sums.Y);
        TiledGemmKernel.Store(c, layout, shape, row, col + 2, sums.Z);
        TiledGemmKernel.Store(c, layout, shape, row, col + 3, sums.W);
    }

    /// <summary>A thread's 4x4 accumulators: R_i holds row 4 lane + i, columns 4 lane + j.</summary>
    private readonly record struct Sums(PackedFloat4 R0, PackedFloat4 R1, PackedFloat4 R2, PackedFloat4 R3);
}
