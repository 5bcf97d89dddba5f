using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The encoder GEMM's epilogue: channel top-k of each finished block of z. Either C = z_b[N, L] of one batch item,
/// whose code columns are C's columns (blocks must hold whole columns), or C = z[B, N] with L = 1, whose code columns
/// are C's rows (blocks must hold whole rows).
/// </summary>
/// <param name="Buffers">z, code and mask of the whole batch, and k.</param>
/// <param name="FirstColumn">The code column C's first row or column is: b*L for item b's z_b, 0 for z[B, N].</param>
/// <param name="ColumnsAreRows">True for C = z[B, N], where a code column is a row of C.</param>
internal readonly record struct TopKEpilogue(TopKBuffers Buffers, int FirstColumn, bool ColumnsAreRows) : IGemmEpilogue
{
    /// <summary>What each block of C must span for this epilogue.</summary>
    public EpilogueBlocks Blocks => ColumnsAreRows ? EpilogueBlocks.WholeRows : EpilogueBlocks.WholeColumns;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Finish(int firstRow, int rows, int firstCol, int cols)
    {
        if (ColumnsAreRows) WinnerSelection.TopKColumns(Buffers, FirstColumn + firstRow, rows);
        else WinnerSelection.TopKColumns(Buffers, FirstColumn + firstCol, cols);
    }
}

/// <summary>
/// The single-frame decoder GEMM's epilogue: C = prediction[B, C*T] (one row per batch item, blocks of whole rows),
/// each finished row's loss terms and gradient formed by <paramref name="Loss"/>, whose stretches are the rows.
/// </summary>
internal readonly record struct LossEpilogue(StretchedLoss Loss) : IGemmEpilogue
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Finish(int firstRow, int rows, int firstCol, int cols) => Loss.Finish(firstRow, rows);
}

/// <summary>
/// A convolution's bias on each finished block of one batch item's output C = y_b[Cout, Tout] (any block): y_b[o, t]
/// += bias[o] while the block is in the cache of the core that computed it, where a pass after the GEMM would read
/// all of y again on one core. The same sums as that pass.
/// </summary>
internal readonly record struct BiasEpilogue(float[] Bias, int BiasOffset, float[] Y, int YOffset, int Length)
    : IGemmEpilogue
{
    /// <inheritdoc />
    public void Finish(int firstRow, int rows, int firstCol, int cols)
    {
        for (int o = firstRow; o < firstRow + rows; o++)
        {
            var row = Y.AsSpan(YOffset + o * Length + firstCol, cols);
            TensorPrimitives.Add(row, Bias[BiasOffset + o], row);
        }
    }
}
