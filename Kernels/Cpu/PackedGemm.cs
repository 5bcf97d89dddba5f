using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, row-major float32, on all cores.
/// BLIS-style: for each block of KC columns of op(A), A and B are packed into panels of
/// <see cref="PanelRows"/> rows and <see cref="PanelCols"/> columns, and a 6x16 Vector256 FMA micro-kernel
/// computes each C tile from one A panel and one B panel held in cache. Tiles are spread over threads.
/// Not thread-safe: one instance owns its packing buffers.
/// </summary>
public sealed class PackedGemm
{
    /// <summary>Rows of op(A) per packed panel (the micro-tile's height).</summary>
    public const int PanelRows = 6;
    /// <summary>Columns of op(B) per packed panel (the micro-tile's width: two Vector256).</summary>
    public const int PanelCols = 16;
    private const int DepthBlock = 256;     // KC: depth of one packed block
    private const int RowPanelsPerTask = 12;  // 72 rows of C per task
    private const int ColPanelsPerTask = 16;  // 256 columns of C per task

    private float[] _packedA = [];
    private float[] _packedB = [];

    /// <summary>A row-major matrix stored in <paramref name="Data"/> from <paramref name="Offset"/>.</summary>
    public readonly record struct Operand(float[] Data, int Offset, bool Transposed);

    public void Multiply(int m, int n, int k, float alpha, Operand a, Operand b, float beta, float[] c, int cOffset)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            ScaleOutput(m, n, beta, c, cOffset);
            return;
        }
        int rowPanels = (m + PanelRows - 1) / PanelRows;
        int colPanels = (n + PanelCols - 1) / PanelCols;
        int rowTasks = (rowPanels + RowPanelsPerTask - 1) / RowPanelsPerTask;
        int colTasks = (colPanels + ColPanelsPerTask - 1) / ColPanelsPerTask;
        for (int p0 = 0; p0 < k; p0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, k - p0);
            Grow(ref _packedA, rowPanels * PanelRows * depth);
            Grow(ref _packedB, colPanels * PanelCols * depth);
            float[] packedA = _packedA, packedB = _packedB;
            Parallel.For(0, rowPanels + colPanels, panel =>
            {
                if (panel < rowPanels) PackA(a, m, k, panel * PanelRows, p0, depth, packedA.AsSpan(panel * PanelRows * depth, PanelRows * depth));
                else PackB(b, n, k, (panel - rowPanels) * PanelCols, p0, depth, packedB.AsSpan((panel - rowPanels) * PanelCols * depth, PanelCols * depth));
            });
            float blockBeta = p0 == 0 ? beta : 1f;
            Parallel.For(0, rowTasks * colTasks, task =>
            {
                int firstRowPanel = task / colTasks * RowPanelsPerTask, firstColPanel = task % colTasks * ColPanelsPerTask;
                int lastRowPanel = Math.Min(rowPanels, firstRowPanel + RowPanelsPerTask), lastColPanel = Math.Min(colPanels, firstColPanel + ColPanelsPerTask);
                for (int jp = firstColPanel; jp < lastColPanel; jp++)
                for (int ip = firstRowPanel; ip < lastRowPanel; ip++)
                    MicroKernel(depth, packedA, ip * PanelRows * depth, packedB, jp * PanelCols * depth,
                        alpha, blockBeta, c, cOffset, n, ip * PanelRows, jp * PanelCols, Math.Min(PanelRows, m - ip * PanelRows), Math.Min(PanelCols, n - jp * PanelCols));
            });
        }
    }

    // packed[p*6 + r] = op(A)[row0 + r, p0 + p], zero past the last row.
    private static void PackA(Operand a, int m, int k, int row0, int p0, int depth, Span<float> packed)
    {
        for (int r = 0; r < PanelRows; r++)
        {
            int row = row0 + r;
            for (int p = 0; p < depth; p++)
                packed[p * PanelRows + r] = row >= m ? 0f
                    : a.Transposed ? a.Data[a.Offset + (p0 + p) * m + row] : a.Data[a.Offset + row * k + p0 + p];
        }
    }

    // packed[p*16 + j] = op(B)[p0 + p, col0 + j], zero past the last column.
    private static void PackB(Operand b, int n, int k, int col0, int p0, int depth, Span<float> packed)
    {
        int width = Math.Min(PanelCols, n - col0);
        for (int p = 0; p < depth; p++)
        {
            var row = packed.Slice(p * PanelCols, PanelCols);
            if (!b.Transposed) b.Data.AsSpan(b.Offset + (p0 + p) * n + col0, width).CopyTo(row);
            else for (int j = 0; j < width; j++) row[j] = b.Data[b.Offset + (col0 + j) * k + p0 + p];
            row.Slice(width).Clear();
        }
    }

    // C[row0.., col0..] (rows x cols, at most 6 x 16) = alpha * Apanel * Bpanel + beta * C
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int depth, float[] packedA, int aStart, float[] packedB, int bStart,
        float alpha, float beta, float[] c, int cOffset, int ldc, int row0, int col0, int rows, int cols)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a = ref packedA[aStart];
        ref float b = ref packedB[bStart];
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b, (nuint)(p * PanelCols));
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)(p * PanelCols + 8));
            ref float ap = ref Unsafe.Add(ref a, p * PanelRows);
            var a0 = Vector256.Create(ap);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref ap, 1));
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref ap, 2));
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref ap, 3));
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref ap, 4));
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref ap, 5));
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
        }
        Span<float> tile = stackalloc float[PanelRows * PanelCols];
        c00.StoreUnsafe(ref tile[0]); c01.StoreUnsafe(ref tile[8]);
        c10.StoreUnsafe(ref tile[16]); c11.StoreUnsafe(ref tile[24]);
        c20.StoreUnsafe(ref tile[32]); c21.StoreUnsafe(ref tile[40]);
        c30.StoreUnsafe(ref tile[48]); c31.StoreUnsafe(ref tile[56]);
        c40.StoreUnsafe(ref tile[64]); c41.StoreUnsafe(ref tile[72]);
        c50.StoreUnsafe(ref tile[80]); c51.StoreUnsafe(ref tile[88]);
        for (int r = 0; r < rows; r++)
        {
            var target = c.AsSpan(cOffset + (row0 + r) * ldc + col0, cols);
            var source = tile.Slice(r * PanelCols, cols);
            for (int j = 0; j < cols; j++)
                target[j] = alpha * source[j] + (beta == 0f ? 0f : beta * target[j]);
        }
    }

    private static void ScaleOutput(int m, int n, float beta, float[] c, int cOffset)
    {
        var span = c.AsSpan(cOffset, m * n);
        if (beta == 0f) span.Clear();
        else System.Numerics.Tensors.TensorPrimitives.Multiply(span, beta, span);
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
    }
}
