using System.Runtime.CompilerServices;
using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The 32x32 block of c that one warp of <see cref="Tf32GemmKernel"/> accumulates in registers: 2 x 4 m16n8k8 tiles,
/// T_ij covering rows 16i .. +16 and columns 8j .. +8 of the block. One depth-8 step reads 2 A fragments and 4 B
/// fragments from shared memory and issues 8 mmas: each A fragment feeds 4 of them, each B fragment 2.
/// </summary>
internal readonly record struct Tf32WarpTile(Tf32Accumulator T00, Tf32Accumulator T01, Tf32Accumulator T02,
    Tf32Accumulator T03, Tf32Accumulator T10, Tf32Accumulator T11, Tf32Accumulator T12, Tf32Accumulator T13)
{
    /// <summary>Rows and columns of c one warp owns.</summary>
    public const int Side = 32;

    /// <summary>Depth of one step: the k of m16n8k8.</summary>
    public const int StepDepth = 8;

    private const int MmaRows = 16, MmaColumns = 8;

    /// <summary>
    /// This block + A[32, 8] · B[8, 32], A(r, k) read at aTiles[aBase + k*aPitch + r] and B(k, j) at
    /// bTiles[bBase + k*bPitch + j]; every lane of the warp calls it together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Tf32WarpTile Step(ArrayView<float> aTiles, int aBase, int aPitch, ArrayView<float> bTiles, int bBase,
        int bPitch)
    {
        int lane = Warp.LaneIdx, g = lane >> 2, t = lane & 3;
        int aAt = aBase + t * aPitch + g, bAt = bBase + t * bPitch + g;
        var a0 = AFragment(aTiles, aAt, aPitch);
        var a1 = AFragment(aTiles, aAt + MmaRows, aPitch);
        var b0 = BFragment(bTiles, bAt, bPitch);
        var b1 = BFragment(bTiles, bAt + MmaColumns, bPitch);
        var b2 = BFragment(bTiles, bAt + 2 * MmaColumns, bPitch);
        var b3 = BFragment(bTiles, bAt + 3 * MmaColumns, bPitch);
        return new Tf32WarpTile(
            Tf32Mma.Multiply(T00, a0, b0), Tf32Mma.Multiply(T01, a0, b1),
            Tf32Mma.Multiply(T02, a0, b2), Tf32Mma.Multiply(T03, a0, b3),
            Tf32Mma.Multiply(T10, a1, b0), Tf32Mma.Multiply(T11, a1, b1),
            Tf32Mma.Multiply(T12, a1, b2), Tf32Mma.Multiply(T13, a1, b3));
    }

    /// <summary>
    /// c(row0 + r, col0 + j) = alpha * block(r, j) + beta * c(row0 + r, col0 + j) inside the shape, as
    /// <see cref="TiledGemmKernel.Store{TLayout}"/> does.
    /// </summary>
    public void Store<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row0, int col0)
        where TLayout : struct, IMatrixLayout
    {
        int lane = Warp.LaneIdx, row = row0 + (lane >> 2), col = col0 + 2 * (lane & 3);
        StoreTile(c, layout, shape, row, col, T00);
        StoreTile(c, layout, shape, row, col + MmaColumns, T01);
        StoreTile(c, layout, shape, row, col + 2 * MmaColumns, T02);
        StoreTile(c, layout, shape, row, col + 3 * MmaColumns, T03);
        StoreTile(c, layout, shape, row + MmaRows, col, T10);
        StoreTile(c, layout, shape, row + MmaRows, col + MmaColumns, T11);
        StoreTile(c, layout, shape, row + MmaRows, col + 2 * MmaColumns, T12);
        StoreTile(c, layout, shape, row + MmaRows, col + 3 * MmaColumns, T13);
    }

    // The lane's A registers of the 16x8 tile whose (g, t) element sits at tiles[at]: rows adjacent, depths a pitch
    // apart.
    private static Tf32AFragment AFragment(ArrayView<float> tiles, int at, int pitch)
        => new(tiles[at], tiles[at + 8], tiles[at + 4 * pitch], tiles[at + 4 * pitch + 8]);

    // The lane's B registers of the 8x8 tile whose (t, g) element sits at tiles[at].
    private static Tf32BFragment BFragment(ArrayView<float> tiles, int at, int pitch)
        => new(tiles[at], tiles[at + 4 * pitch]);

    // The lane's four outputs of one 16x8 tile, its C[g, 2t] at (row, col).
    private static void StoreTile<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col,
        Tf32Accumulator tile) where TLayout : struct, IMatrixLayout
    {
        TiledGemmKernel.Store(c, layout, shape, row, col, tile.C0);
        TiledGemmKernel.Store(c, layout, shape, row, col + 1, tile.C1);
        TiledGemmKernel.Store(c, layout, shape, row + 8, col, tile.C2);
        TiledGemmKernel.Store(c, layout, shape, row + 8, col + 1, tile.C3);
    }
}
