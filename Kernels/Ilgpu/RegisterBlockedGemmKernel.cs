using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The big-tile matrix-multiply kernel, for outputs large enough to fill the device (<see cref="GemmTilePlan"/>). A
/// group of 16x16 threads owns a 64x64 block of c and each thread a 4x4 block of outputs in registers (rows 4 lane +
/// i, columns 4 lane + j): a depth's four values of a and of b are then adjacent in shared memory, two 16-byte loads
/// for its 16 fused multiply-adds (session 43 found the H200's SASS of the strided version issuing a scalar shared
/// load for every two FFMAs). The K walk is double-buffered, 16 deep (<see cref="RegisterBlockedWalk"/>); the 16 depths
/// of a stage are unrolled by hand (ILGPU at O2 keeps a counted loop), so the multiply is straight-line code between
/// barriers. Split-K slices, beta and the reduction work exactly as in the 32x32 kernel.
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
        // two stages of a's 64x16 tile and b's 16x64, as runs of four so that a run read as one vector is aligned
        var aRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var bRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var (rowRun, colRun) = RegisterBlockedWalk.ThreadRuns(cLayout);
        var sums = RegisterBlockedWalk.Run(a, aLayout, b, bLayout, shape, slices, vectors, aRuns, bRuns, Tile, Depth,
            Pitch, rowRun, colRun, default(Sums));

        sums.Block.Store(RegisterBlockedWalk.OutputOf(c, slices), cLayout, shape, Grid.IdxX * Tile + rowRun,
            Grid.IdxY * Tile + colRun);
    }

    /// <summary>A thread's 4x4 accumulators: rows 4 lane + i, columns 4 lane + j of the group's block.</summary>
    private readonly record struct Sums(Block4x4 Block) : IRegisterTile<Sums>
    {
        // + the stage's 16 depths, unrolled as four times four.
        public Sums MultiplyStage(ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns, int aRun, int bRun)
        {
            const int step = 4 * RunPitch;
            var block = MultiplyFourDepths(Block, aRuns, bRuns, aRun, bRun);
            block = MultiplyFourDepths(block, aRuns, bRuns, aRun + step, bRun + step);
            block = MultiplyFourDepths(block, aRuns, bRuns, aRun + 2 * step, bRun + 2 * step);
            return new(MultiplyFourDepths(block, aRuns, bRuns, aRun + 3 * step, bRun + 3 * step));
        }

        // block + four consecutive depths starting at runs aRun, bRun.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Block4x4 MultiplyFourDepths(Block4x4 block, ArrayView<PackedFloat4> aRuns,
            ArrayView<PackedFloat4> bRuns, int aRun, int bRun)
        {
            block = block.Add(aRuns[aRun], bRuns[bRun]);
            block = block.Add(aRuns[aRun + RunPitch], bRuns[bRun + RunPitch]);
            block = block.Add(aRuns[aRun + 2 * RunPitch], bRuns[bRun + 2 * RunPitch]);
            return block.Add(aRuns[aRun + 3 * RunPitch], bRuns[bRun + 3 * RunPitch]);
        }
    }
}
