using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The widest fp32 matrix-multiply kernel: a group of 16x16 threads owns a 128x128 block of c, each thread 8x8 outputs
/// in registers, as four 4x4 quadrants 64 rows and 64 columns apart (rows 4 lane + i and 64 + 4 lane + i, columns
/// likewise), so that a warp's 16-byte shared reads stay contiguous. Each depth reads two runs of four of a and two of
/// b for 64 fused multiply-adds, twice the arithmetic per shared load of the 64x64 kernel, and each staged element of
/// a or b feeds 128 outputs instead of 64. The K walk is double-buffered, 8 deep (<see cref="RegisterBlockedWalk"/>:
/// a 128x8 tile is 256 runs of four, one per thread); the 8 depths are unrolled by hand. It pays only where the output
/// has enough 128x128 blocks to fill the device; <see cref="GemmTilePlan"/> does not choose it until a GPU has timed
/// it (<c>bench --gemm-kernels</c>).
/// </summary>
internal static class RegisterBlocked128GemmKernel
{
    /// <summary>Side of the block of c one group computes.</summary>
    public const int Tile = 128;

    /// <summary>Depth of the K tile staged in shared memory per step: 128 x 8 is one run of four per thread.</summary>
    public const int Depth = 8;

    // A thread's second quadrant of rows (and of columns) lies this far from its first.
    private const int Half = Tile / 2;
    private const int HalfRuns = Half / VectorRuns.Width;

    // Row pitch 132, a multiple of four so that every depth's row starts 16-byte aligned for the vector reads.
    private const int Pitch = Tile + VectorRuns.Width;
    private const int Stage = Depth * Pitch;
    private const int RunPitch = Pitch / VectorRuns.Width;   // the pitch in runs of four

    /// <summary>Grid X walks 128-row blocks, grid Y 128-column blocks, grid Z K slices; groups are 16x16.</summary>
    public static KernelConfig Config(in GemmShape shape, int slices) => TiledGemmKernel.BlockGrid(shape, Tile, slices);

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*128 .. +128, gy*128 .. +128] of slice z.
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices, VectorReads vectors)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        // two stages of a's 128x8 tile and b's 8x128, as runs of four so that a run read as one vector is aligned
        var aRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var bRuns = SharedMemory.Allocate<PackedFloat4>(2 * Stage / VectorRuns.Width);
        var (rowRun, colRun) = RegisterBlockedWalk.ThreadRuns(cLayout);
        var sums = RegisterBlockedWalk.Run(a, aLayout, b, bLayout, shape, slices, vectors, aRuns, bRuns, Tile, Depth,
            Pitch, rowRun, colRun, default(Quadrants));

        var slice = RegisterBlockedWalk.OutputOf(c, slices);
        int row = Grid.IdxX * Tile + rowRun, col = Grid.IdxY * Tile + colRun;
        sums.Top.Store(slice, cLayout, shape, row, col);
        sums.TopRight.Store(slice, cLayout, shape, row, col + Half);
        sums.Bottom.Store(slice, cLayout, shape, row + Half, col);
        sums.BottomRight.Store(slice, cLayout, shape, row + Half, col + Half);
    }

    /// <summary>
    /// A thread's 8x8 accumulators as four 4x4 quadrants: Top holds rows 4 lane + i and columns 4 lane + j, TopRight
    /// the same rows at columns 64 on, Bottom and BottomRight rows 64 on.
    /// </summary>
    private readonly record struct Quadrants(Block4x4 Top, Block4x4 TopRight, Block4x4 Bottom, Block4x4 BottomRight)
        : IRegisterTile<Quadrants>
    {
        // + the stage's 8 depths, unrolled by hand (ILGPU at O2 would keep a counted loop).
        public Quadrants MultiplyStage(ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns, int aRun,
            int bRun)
            => MultiplyDepth(aRuns, bRuns, aRun, bRun)
                .MultiplyDepth(aRuns, bRuns, aRun + RunPitch, bRun + RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 2 * RunPitch, bRun + 2 * RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 3 * RunPitch, bRun + 3 * RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 4 * RunPitch, bRun + 4 * RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 5 * RunPitch, bRun + 5 * RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 6 * RunPitch, bRun + 6 * RunPitch)
                .MultiplyDepth(aRuns, bRuns, aRun + 7 * RunPitch, bRun + 7 * RunPitch);

        // + one depth: a's two runs (rows 4 lane .. +4 and 64 on) and b's two, 64 multiply-adds.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Quadrants MultiplyDepth(ArrayView<PackedFloat4> aRuns, ArrayView<PackedFloat4> bRuns, int aRun,
            int bRun)
        {
            PackedFloat4 aTop = aRuns[aRun], aBottom = aRuns[aRun + HalfRuns];
            PackedFloat4 bLeft = bRuns[bRun], bRight = bRuns[bRun + HalfRuns];
            return new(Top.Add(aTop, bLeft), TopRight.Add(aTop, bRight), Bottom.Add(aBottom, bLeft),
                BottomRight.Add(aBottom, bRight));
        }
    }
}
