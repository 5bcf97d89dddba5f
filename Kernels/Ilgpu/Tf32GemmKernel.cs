using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The TF32 tensor-core GEMM behind <c>--precision tf32</c>. A group owns a rows x 64 block of c
/// (<see cref="Tf32Block"/>: 128 rows on 8 warps, or 64 on 4), each warp a 32x32 warp tile of 2 x 4 m16n8k8 mmas with
/// its accumulators in registers (<see cref="Tf32WarpTile"/>). The K walk stages 16-deep tiles of a and b in shared
/// memory, rounded to TF32 once as they are stored, so the mmas read ready operands; a warp issues 16 mmas per staged
/// step. Staging is double-buffered through registers as in <see cref="RegisterBlockedGemmKernel"/>, with one barrier
/// per step and 16-byte loads where the layout promises runs (<see cref="StagedRuns"/>). Operand layouts, alpha/beta
/// (beta 0 never reads c), split-K slices and the edges (zeros past the shape and the slice) work as in
/// <see cref="TiledGemmKernel"/>.
/// </summary>
internal static class Tf32GemmKernel
{
    /// <summary>Columns of c one group computes: two warp tiles across.</summary>
    public const int Columns = WarpsAcross * Tf32WarpTile.Side;

    /// <summary>Depth of the K tile staged in shared memory per step: two mma steps.</summary>
    public const int Depth = 2 * Tf32WarpTile.StepDepth;

    private const int WarpsAcross = 2, WarpSize = 32, MaxRows = 128;

    // Pitches of 8 mod 32 floats: a warp's fragment reads, tiles[base + t*pitch + g] for g < 8 and t < 4, fall in 32
    // different banks.
    private const int APitch = MaxRows + 8, BPitch = Columns + 8;
    private const int AStage = Depth * APitch, BStage = Depth * BPitch;

    // A rows x 16 tile of a is 2 runs of four per thread; the 16x64 tile of b is 256 runs, one or two per thread.
    private const int BRuns = Depth * Columns / VectorRuns.Width;

    /// <summary>Rows of c one group of <paramref name="block"/> computes.</summary>
    public static int Rows(Tf32Block block) => block == Tf32Block.Rows128 ? MaxRows : MaxRows / 2;

    /// <summary>
    /// Grid X walks blocks of rows, grid Y 64-column blocks, grid Z K slices; a group has two warps per 32 rows.
    /// </summary>
    public static KernelConfig Config(in GemmShape shape, Tf32Block block, int slices)
    {
        int rows = Rows(block);
        return new KernelConfig(
            new Index3D((shape.M + rows - 1) / rows, (shape.N + Columns - 1) / Columns, slices),
            new Index3D(rows / Tf32WarpTile.Side * WarpsAcross * WarpSize, 1, 1));
    }

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*rows .. +rows, gy*64 .. +64] of slice z, warp w its 32x32 tile (w / 2, w % 2).
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices, VectorReads vectors)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        // aTiles[s*AStage + p*APitch + r] = tf32(a[row0 + r, p0 + p]), bTiles[s*BStage + q*BPitch + j] likewise of b.
        var aTiles = SharedMemory.Allocate<float>(2 * AStage);
        var bTiles = SharedMemory.Allocate<float>(2 * BStage);
        int threads = Group.Dimension.Size, thread = Group.LinearIndex;
        int rows = threads / (WarpsAcross * WarpSize) * Tf32WarpTile.Side;
        int row0 = Grid.IdxX * rows, col0 = Grid.IdxY * Columns;
        int warpRow = Warp.WarpIdx / WarpsAcross * Tf32WarpTile.Side;
        int warpColumn = Warp.WarpIdx % WarpsAcross * Tf32WarpTile.Side;

        // This thread's runs (numbers thread and thread + threads) in the rows x 16 tile of a and the 16x64 tile of b.
        StagedRuns.Start(thread, aLayout.RowsContiguous, rows, Depth, out int aRow0, out int aDepth0);
        StagedRuns.Start(thread + threads, aLayout.RowsContiguous, rows, Depth, out int aRow1, out int aDepth1);
        StagedRuns.Start(thread, bLayout.RowsContiguous, Depth, Columns, out int bDepth0, out int bColumn0);
        StagedRuns.Start(thread + threads, bLayout.RowsContiguous, Depth, Columns, out int bDepth1, out int bColumn1);
        bool secondB = thread + threads < BRuns;
        int aStep = aLayout.RowsContiguous ? 1 : APitch, bStep = bLayout.RowsContiguous ? BPitch : 1;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        int steps = kEnd > kBegin ? (kEnd - kBegin + Depth - 1) / Depth : 0;
        var tile = default(Tf32WarpTile);
        // Pass s fetches step s into registers, multiplies step s - 1 meanwhile, then stores step s into stage s % 2:
        // the barrier of pass s - 1 already saw every warp finish reading that stage at step s - 2.
        for (int pass = 0; pass <= steps; pass++)
        {
            bool fetch = pass < steps;
            PackedFloat4 a0 = default, a1 = default, b0 = default, b1 = default;
            if (fetch)
            {
                int p0 = kBegin + pass * Depth;
                a0 = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow0, p0 + aDepth0, shape.M, kEnd);
                a1 = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow1, p0 + aDepth1, shape.M, kEnd);
                b0 = StagedRuns.Fetch(b, bLayout, vectors.OfB, p0 + bDepth0, col0 + bColumn0, kEnd, shape.N);
                if (secondB)
                    b1 = StagedRuns.Fetch(b, bLayout, vectors.OfB, p0 + bDepth1, col0 + bColumn1, kEnd, shape.N);
            }

            if (pass > 0)
            {
                int aBase = (pass - 1) % 2 * AStage + warpRow, bBase = (pass - 1) % 2 * BStage + warpColumn;
                tile = tile.Step(aTiles, aBase, APitch, bTiles, bBase, BPitch);
                tile = tile.Step(aTiles, aBase + Tf32WarpTile.StepDepth * APitch, APitch,
                    bTiles, bBase + Tf32WarpTile.StepDepth * BPitch, BPitch);
            }

            if (fetch)
            {
                int aStage = pass % 2 * AStage, bStage = pass % 2 * BStage;
                StagedRuns.Store(aTiles, aStage + aDepth0 * APitch + aRow0, aStep, Tf32Rounding.Round(a0));
                StagedRuns.Store(aTiles, aStage + aDepth1 * APitch + aRow1, aStep, Tf32Rounding.Round(a1));
                StagedRuns.Store(bTiles, bStage + bDepth0 * BPitch + bColumn0, bStep, Tf32Rounding.Round(b0));
                if (secondB)
                    StagedRuns.Store(bTiles, bStage + bDepth1 * BPitch + bColumn1, bStep, Tf32Rounding.Round(b1));
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        tile.Store(c.SubView(offset, c.Length - offset), cLayout, shape, row0 + warpRow, col0 + warpColumn);
    }
}
