using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The TF32 tensor-core GEMM behind <c>--precision tf32</c>: the grid, operand layouts, beta and split-K slices of
/// <see cref="TiledGemmKernel"/> (a group of 256 threads owns a 32x32 block of c and stages 32x32 tiles of a and b in
/// shared memory), but the products are warp-level m16n8k8 TF32 matrix multiplies (<see cref="Tf32Mma"/>): the 8
/// warps split the block into 2 x 4 tiles of 16x8, and each warp walks a staged tile in 4 steps of depth 8,
/// accumulating in fp32.
/// </summary>
internal static class Tf32GemmKernel
{
    private const int MmaRows = 16, MmaColumns = 8, MmaDepth = 8;
    private const int WarpColumns = TiledGemmKernel.Tile / MmaColumns;
    private const int Pitch = TiledGemmKernel.Pitch;

    // c[z*stride + (M,N)] = alpha * a[M,K_z] · b[K_z,N] + beta * c over slice z's K range K_z;
    // group (gx, gy, z) computes c[gx*32 .. +32, gy*32 .. +32] of slice z, warp w its 16x8 tile (w / 4, w % 4).
    public static void Kernel<TA, TB, TC>(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, GemmShape shape, KSlices slices)
        where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
    {
        // aTile[p*Pitch + r] = a[row0 + r, p0 + p], bTile[p*Pitch + j] = b[p0 + p, col0 + j]
        var aTile = SharedMemory.Allocate<float>(TiledGemmKernel.Tile * Pitch);
        var bTile = SharedMemory.Allocate<float>(TiledGemmKernel.Tile * Pitch);
        int row0 = Grid.IdxX * TiledGemmKernel.Tile, col0 = Grid.IdxY * TiledGemmKernel.Tile;
        int warp = Warp.WarpIdx, lane = Warp.LaneIdx;
        int g = lane >> 2, t = lane & 3;
        int tileRow = warp / WarpColumns * MmaRows, tileColumn = warp % WarpColumns * MmaColumns;

        int kBegin = Grid.IdxZ * slices.Depth, kEnd = Math.Min(shape.K, kBegin + slices.Depth);
        float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
        for (int p0 = kBegin; p0 < kEnd; p0 += TiledGemmKernel.Tile)
        {
            TiledGemmKernel.StageTiles(a, aLayout, b, bLayout, aTile, bTile, Group.LinearIndex, row0, col0, p0, kEnd,
                shape);
            Group.Barrier();

            for (int p = 0; p < TiledGemmKernel.Tile; p += MmaDepth)
            {
                int aLow = (p + t) * Pitch + tileRow + g, aHigh = aLow + 4 * Pitch;
                int bLow = (p + t) * Pitch + tileColumn + g, bHigh = bLow + 4 * Pitch;
                Tf32Mma.Accumulate(ref c0, ref c1, ref c2, ref c3,
                    aTile[aLow], aTile[aLow + 8], aTile[aHigh], aTile[aHigh + 8], bTile[bLow], bTile[bHigh]);
            }
            Group.Barrier();
        }

        long offset = Grid.IdxZ * (long)slices.OutputStride;
        var slice = c.SubView(offset, c.Length - offset);
        int row = row0 + tileRow + g, column = col0 + tileColumn + 2 * t;
        TiledGemmKernel.Store(slice, cLayout, shape, row, column, c0);
        TiledGemmKernel.Store(slice, cLayout, shape, row, column + 1, c1);
        TiledGemmKernel.Store(slice, cLayout, shape, row + 8, column, c2);
        TiledGemmKernel.Store(slice, cLayout, shape, row + 8, column + 1, c3);
    }
}
