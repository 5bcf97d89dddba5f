using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The big-tile matrix-multiply kernel, for outputs large enough to fill the device (<see cref="GemmTilePlan"/>). A
/// group of 16x16 threads owns a 64x64 block of c and each thread a 4x4 block of outputs in registers (rows lane + 16i,
/// columns lane + 16j, so the final stores coalesce as in <see cref="TiledGemmKernel"/>). The K walk is
/// double-buffered: while the group multiplies the 16-deep tiles of a and b in one shared stage, each thread already
/// holds its run of four elements of the next tiles, fetched from global memory into registers, and stores them into
/// the other stage; one barrier per step. Runs that the layout promises contiguous and aligned
/// (<see cref="IMatrixLayout.ContiguousRun"/>) are one 16-byte load; every other run, and every run that crosses an
/// edge of the matrix or of the K slice, is four scalar loads. Split-K slices, beta and the reduction work exactly as
/// in the 32x32 kernel.
/// </summary>
internal static class RegisterBlockedGemmKernel
{
    /// <summary>Side of the block of c one group computes.</summary>
    public const int Tile = 64;

    /// <summary>Depth of the K tile staged in shared memory per step.</summary>
    public const int Depth = 16;

    /// <summary>Threads along each side of a group, as in the 32x32 kernel.</summary>
    public const int Lanes = TiledGemmKernel.Lanes;

    // Outputs per thread along each axis, and elements per global run: a 64x16 tile is 256 runs of 4, one per thread.
    private const int Run = VectorRuns.Width;

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
        RunStart(thread, aLayout.RowsContiguous, Tile, Depth, out int aRow, out int aDepth);
        RunStart(thread, bLayout.RowsContiguous, Depth, Tile, out int bDepth, out int bColumn);
        int aStep = aLayout.RowsContiguous ? 1 : Pitch, bStep = bLayout.RowsContiguous ? Pitch : 1;
        int aSlot = aDepth * Pitch + aRow, bSlot = bDepth * Pitch + bColumn;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        int steps = kEnd > kBegin ? (kEnd - kBegin + Depth - 1) / Depth : 0;
        var aRun = FetchRun(a, aLayout, vectors.OfA, row0 + aRow, kBegin + aDepth, shape.M, kEnd);
        var bRun = FetchRun(b, bLayout, vectors.OfB, kBegin + bDepth, col0 + bColumn, kEnd, shape.N);
        StoreRun(aTiles, aSlot, aStep, aRun);
        StoreRun(bTiles, bSlot, bStep, bRun);
        Group.Barrier();

        PackedFloat4 c0 = default, c1 = default, c2 = default, c3 = default; // c_i = row lane + 16i, columns lane + 16j
        for (int step = 0; step < steps; step++)
        {
            int stage = (step & 1) * Stage, next = Stage - stage;
            bool more = step + 1 < steps;
            if (more)
            {
                int p0 = kBegin + (step + 1) * Depth;
                aRun = FetchRun(a, aLayout, vectors.OfA, row0 + aRow, p0 + aDepth, shape.M, kEnd);
                bRun = FetchRun(b, bLayout, vectors.OfB, p0 + bDepth, col0 + bColumn, kEnd, shape.N);
            }

            for (int p = 0; p < Depth; p++)
            {
                int aBase = stage + p * Pitch + rowLane, bBase = stage + p * Pitch + colLane;
                var bRow = new PackedFloat4(bTiles[bBase], bTiles[bBase + Lanes], bTiles[bBase + 2 * Lanes],
                    bTiles[bBase + 3 * Lanes]);
                c0 = c0.AddScaled(aTiles[aBase], bRow);
                c1 = c1.AddScaled(aTiles[aBase + Lanes], bRow);
                c2 = c2.AddScaled(aTiles[aBase + 2 * Lanes], bRow);
                c3 = c3.AddScaled(aTiles[aBase + 3 * Lanes], bRow);
            }

            if (more)
            {
                StoreRun(aTiles, next + aSlot, aStep, aRun);
                StoreRun(bTiles, next + bSlot, bStep, bRun);
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        var slice = c.SubView(offset, c.Length - offset);
        int row = row0 + rowLane, col = col0 + colLane;
        StoreRow(slice, cLayout, shape, row, col, c0);
        StoreRow(slice, cLayout, shape, row + Lanes, col, c1);
        StoreRow(slice, cLayout, shape, row + 2 * Lanes, col, c2);
        StoreRow(slice, cLayout, shape, row + 3 * Lanes, col, c3);
    }

    // The start (row, col) inside a rows x cols tile of thread's run of four along rows or along columns.
    private static void RunStart(int thread, bool alongRows, int rows, int cols, out int row, out int col)
    {
        int runsAcross = (alongRows ? rows : cols) / Run;
        int fast = Run * (thread % runsAcross), slow = thread / runsAcross;
        row = alongRows ? fast : slow;
        col = alongRows ? slow : fast;
    }

    // view(row + i, col) or view(row, col + i), i = 0..3, along the layout's fast axis; zero outside rows x cols.
    private static PackedFloat4 FetchRun<TLayout>(ArrayView<float> view, TLayout layout, bool vectorized,
        int row, int col, int rows, int cols) where TLayout : struct, IMatrixLayout
    {
        bool alongRows = layout.RowsContiguous;
        int fast = alongRows ? row : col, fastEnd = alongRows ? rows : cols;
        bool slowInside = alongRows ? col < cols : row < rows;
        if (vectorized && fast % Run == 0 && fast + Run <= fastEnd && slowInside)
            return view.Cast<PackedFloat4>()[layout.IndexOf(row, col) / Run];
        int down = alongRows ? 1 : 0, across = 1 - down;
        return new PackedFloat4(
            TiledGemmKernel.Fetch(view, layout, row, col, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + down, col + across, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + 2 * down, col + 2 * across, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + 3 * down, col + 3 * across, rows, cols));
    }

    // tile[slot + i*step] = run_i.
    private static void StoreRun(ArrayView<float> tile, int slot, int step, PackedFloat4 run)
    {
        tile[slot] = run.X;
        tile[slot + step] = run.Y;
        tile[slot + 2 * step] = run.Z;
        tile[slot + 3 * step] = run.W;
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
}
