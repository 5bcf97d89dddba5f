namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Work on a block of C once it holds its final values (alpha * A * B + beta * C), run by the thread that computed
/// the block while it is still in that core's cache: the place to fuse whatever reads C next (a top-k over its
/// columns, a loss against a target). The blocks of one GEMM never overlap and together cover C exactly once.
/// </summary>
public interface IGemmEpilogue
{
    /// <summary>Rows [firstRow, firstRow + rows) by columns [firstCol, firstCol + cols) of C are final.</summary>
    void Finish(int firstRow, int rows, int firstCol, int cols);
}

/// <summary>What every block handed to an <see cref="IGemmEpilogue"/> must span.</summary>
public enum EpilogueBlocks
{
    /// <summary>Any block: elementwise epilogues.</summary>
    Any,
    /// <summary>Each block holds whole rows of C (all N columns).</summary>
    WholeRows,
    /// <summary>Each block holds whole columns of C (all M rows).</summary>
    WholeColumns,
}

/// <summary>The GEMM alone: nothing runs after a block is final.</summary>
public readonly struct NoEpilogue : IGemmEpilogue
{
    /// <inheritdoc />
    public void Finish(int firstRow, int rows, int firstCol, int cols) { }
}
