using System.Runtime.CompilerServices;
using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// A thread's accumulators in a register-blocked GEMM kernel, and how one staged K step of the shared tiles adds
/// into them (<see cref="RegisterBlockedWalk"/>).
/// </summary>
internal interface IRegisterTile<TSelf> where TSelf : struct, IRegisterTile<TSelf>
{
    /// <summary>
    /// These sums + one stage's depths: a's runs of four for depth p at aRuns[aRun + p * pitch / 4], b's at
    /// bRuns[bRun + p * pitch / 4].
    /// </summary>
    TSelf MultiplyStage(ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns, int aRun, int bRun);
}

/// <summary>
/// The K walk both register-blocked kernels share (<see cref="RegisterBlockedGemmKernel"/>, 64x64 blocks, and
/// <see cref="RegisterBlocked128GemmKernel"/>, 128x128): a group of 16x16 threads stages tile x depth runs of a and
/// depth x tile runs of b, one run of four per thread, in two shared stages. While the group multiplies one stage, each
/// thread already holds its runs of the next K step, fetched from global memory into registers, and stores them into
/// the other stage; one barrier per step. Runs that the layout promises contiguous and aligned
/// (<see cref="IMatrixLayout.ContiguousRun"/>) are one 16-byte load; every other run, and every run that crosses an
/// edge of the matrix or of the K slice, is four scalar loads. The kernels allocate the shared stages (their sizes
/// must be constants) and inline this walk, so tile, depth and pitch are constants in it too.
/// </summary>
internal static class RegisterBlockedWalk
{
    /// <summary>
    /// The float offsets, within the group's block of c, of this thread's first run of four rows and of four columns:
    /// the group's lanes walk c's contiguous axis with X, so the stores of a warp coalesce.
    /// </summary>
    public static (int Row, int Column) ThreadRuns<TC>(TC cLayout) where TC : struct, IMatrixLayout
        => cLayout.RowsContiguous
            ? (VectorRuns.Width * Group.IdxX, VectorRuns.Width * Group.IdxY)
            : (VectorRuns.Width * Group.IdxY, VectorRuns.Width * Group.IdxX);

    /// <summary>Where slice z of a split GEMM writes its partial c (all of c when unsplit).</summary>
    public static ArrayView<float> OutputOf(ArrayView<float> c, KSlices slices)
    {
        long offset = Grid.IdxZ * (long)slices.OutputStride;
        return c.SubView(offset, c.Length - offset);
    }

    /// <summary>
    /// <paramref name="sums"/> + a[row0 .. +tile, K_z] · b[K_z, col0 .. +tile] over slice z's K range K_z, as the
    /// thread's accumulators see them; stage s of a is aRuns[s * depth * pitch / 4 ..] with a[row0 + r, p0 + p] at
    /// float p * pitch + r, and of b likewise with b[p0 + q, col0 + j] at q * pitch + j. The thread's accumulators
    /// read from float offset rowRun of a's rows and colRun of b's columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSums Run<TA, TB, TSums>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        in GemmShape shape, KSlices slices, VectorReads vectors, ArrayView<PackedFloat4> aRuns,
        ArrayView<PackedFloat4> bRuns, int tile, int depth, int pitch, int rowRun, int colRun, TSums sums)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TSums : struct, IRegisterTile<TSums>
    {
        const int width = VectorRuns.Width;
        var aTiles = aRuns.Cast<float>();
        var bTiles = bRuns.Cast<float>();
        int stageLength = depth * pitch;
        int thread = Group.IdxY * TiledGemmKernel.Lanes + Group.IdxX;
        int row0 = Grid.IdxX * tile, col0 = Grid.IdxY * tile;

        // This thread's run in the tile x depth tile of a and the depth x tile tile of b, along each fast axis.
        StagedRuns.Start(thread, aLayout.RowsContiguous, tile, depth, out int aRow, out int aDepth);
        StagedRuns.Start(thread, bLayout.RowsContiguous, depth, tile, out int bDepth, out int bColumn);
        int aStep = aLayout.RowsContiguous ? 1 : pitch, bStep = bLayout.RowsContiguous ? pitch : 1;
        int aSlot = aDepth * pitch + aRow, bSlot = bDepth * pitch + bColumn;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        int steps = kEnd > kBegin ? (kEnd - kBegin + depth - 1) / depth : 0;
        var aRun = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow, kBegin + aDepth, shape.M, kEnd);
        var bRun = StagedRuns.Fetch(b, bLayout, vectors.OfB, kBegin + bDepth, col0 + bColumn, kEnd, shape.N);
        StagedRuns.Store(aTiles, aSlot, aStep, aRun);
        StagedRuns.Store(bTiles, bSlot, bStep, bRun);
        Group.Barrier();

        for (int step = 0; step < steps; step++)
        {
            int stage = (step & 1) * stageLength, next = stageLength - stage;
            bool more = step + 1 < steps;
            if (more)
            {
                int p0 = kBegin + (step + 1) * depth;
                aRun = StagedRuns.Fetch(a, aLayout, vectors.OfA, row0 + aRow, p0 + aDepth, shape.M, kEnd);
                bRun = StagedRuns.Fetch(b, bLayout, vectors.OfB, p0 + bDepth, col0 + bColumn, kEnd, shape.N);
            }

            sums = sums.MultiplyStage(aRuns, bRuns, (stage + rowRun) / width, (stage + colRun) / width);

            if (more)
            {
                StagedRuns.Store(aTiles, next + aSlot, aStep, aRun);
                StagedRuns.Store(bTiles, next + bSlot, bStep, bRun);
            }
            Group.Barrier();
        }
        return sums;
    }
}
