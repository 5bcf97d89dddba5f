using System.Runtime.CompilerServices;
using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// A thread's 4x4 block of GEMM accumulators in registers, the unit of the register-blocked kernels: R_i holds row
/// i of the block, its lanes the four columns. One depth adds the outer product of four adjacent values of a column
/// of a and four adjacent values of a row of b, each read from shared memory as one 16-byte vector: 16 multiply-adds.
/// </summary>
internal readonly record struct Block4x4(PackedFloat4 R0, PackedFloat4 R1, PackedFloat4 R2, PackedFloat4 R3)
{
    /// <summary>This + a_i * b_j: one depth of the outer product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Block4x4 Add(PackedFloat4 a, PackedFloat4 b)
        => new(R0.AddScaled(a.X, b), R1.AddScaled(a.Y, b), R2.AddScaled(a.Z, b), R3.AddScaled(a.W, b));

    /// <summary>c(row + i, col + j) = alpha * R_i[j] + beta * c(row + i, col + j), where inside the shape.</summary>
    public void Store<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col)
        where TLayout : struct, IMatrixLayout
    {
        StoreRow(c, layout, shape, row, col, R0);
        StoreRow(c, layout, shape, row + 1, col, R1);
        StoreRow(c, layout, shape, row + 2, col, R2);
        StoreRow(c, layout, shape, row + 3, col, R3);
    }

    // c(row, col + j) from lane j of sums, inside the shape.
    private static void StoreRow<TLayout>(ArrayView<float> c, TLayout layout, in GemmShape shape, int row, int col,
        PackedFloat4 sums) where TLayout : struct, IMatrixLayout
    {
        TiledGemmKernel.Store(c, layout, shape, row, col, sums.X);
        TiledGemmKernel.Store(c, layout, shape, row, col + 1, sums.Y);
        TiledGemmKernel.Store(c, layout, shape, row, col + 2, sums.Z);
        TiledGemmKernel.Store(c, layout, shape, row, col + 3, sums.W);
    }
}
