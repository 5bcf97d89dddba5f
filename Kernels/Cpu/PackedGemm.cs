using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, row-major float32, on all cores.
/// BLIS-style: op(A) is packed once into panels of <see cref="PanelRows"/> rows per block of <see cref="DepthBlock"/>;
/// each task owns a block of C's columns, packs its slice of op(B) into panels of <see cref="PanelCols"/> columns
/// one depth block at a time (in its thread's buffer, L2-sized), and an FMA micro-kernel computes each C tile from
/// one A panel (L1) and one B panel (L2) with its accumulators all in registers: 6x32 with Vector512 where the
/// hardware accelerates it, else 6x16 with Vector256. Every operand is read from memory once; tasks are sized so
/// every core gets several, splitting rows too when columns are few. Not thread-safe: one instance owns its A buffer.
/// </summary>
public sealed class PackedGemm
{
    /// <summary>Rows of op(A) per packed panel (the micro-tile's height).</summary>
    public const int PanelRows = 6;
    /// <summary>Columns of op(B) per packed panel (the micro-tile's width: two vectors of the widest accelerated size).</summary>
    public static readonly int PanelCols = Vector512.IsHardwareAccelerated ? 32 : 16;
    /// <summary>KC: depth of one packed block.</summary>
    public const int DepthBlock = 256;
    private const int MaxColPanelsPerTask = 8;    // 128 or 256 columns of C per task: its packed B slice stays in L2
    private const int TasksPerCore = 4;

    private float[] _packedA = [];

    /// <summary>A row-major matrix stored in <paramref name="Data"/> from <paramref name="Offset"/>.</summary>
    public readonly record struct Operand(float[] Data, int Offset, bool Transposed);

    /// <summary>The stored-matrix form: op(A) is [M,K] (A stored [K,M] when transposed), op(B) is [K,N] (B stored [N,K] when transposed).</summary>
    public void Multiply(int m, int n, int k, float alpha, Operand a, Operand b, float beta, float[] c, int cOffset)
        => Multiply(m, n, k, alpha, StridedOperand.LeftOf(a.Data, a.Offset, a.Transposed, m, k),
            StridedOperand.RightOf(b.Data, b.Offset, b.Transposed, n, k), beta, c, cOffset);

    /// <summary>C[M,N] (row-major, from cOffset, row stride N) = alpha * A * B + beta * C for operands read through <see cref="IGemmOperand"/>.</summary>
    public void Multiply<TA, TB>(int m, int n, int k, float alpha, TA a, TB b, float beta, float[] c, int cOffset)
        where TA : struct, IGemmOperand where TB : struct, IGemmOperand
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            ScaleOutput(m, n, beta, c, cOffset);
            return;
        }
        int rowPanels = (m + PanelRows - 1) / PanelRows;
        int colPanels = (n + PanelCols - 1) / PanelCols;
        int depthBlocks = (k + DepthBlock - 1) / DepthBlock;
        // All of op(A), packed once: depth block starting at p0 holds row panel ip at rowPanels*6*p0 + ip*6*depth.
        Grow(ref _packedA, rowPanels * PanelRows * k);
        float[] packedA = _packedA;
        Parallel.For(0, rowPanels * depthBlocks, job =>
        {
            int ip = job % rowPanels, p0 = job / rowPanels * DepthBlock, depth = Math.Min(DepthBlock, k - p0);
            PackPanel(a, ip * PanelRows, m, p0, depth, packedA.AsSpan(rowPanels * PanelRows * p0 + ip * PanelRows * depth, PanelRows * depth), PanelRows);
        });
        // Each task owns a block of columns (and, when columns are few, a share of the rows): it packs its slice of
        // op(B) per depth block into its thread's buffer (L2) and sweeps the A panels over it, so C's block stays hot.
        var (colPanelsPerTask, rowGroups) = TaskShape(rowPanels, colPanels);
        int colTasks = (colPanels + colPanelsPerTask - 1) / colPanelsPerTask;
        int rowPanelsPerGroup = (rowPanels + rowGroups - 1) / rowGroups;
        Parallel.For(0, colTasks * rowGroups, task =>
        {
            int firstColPanel = task % colTasks * colPanelsPerTask, lastColPanel = Math.Min(colPanels, firstColPanel + colPanelsPerTask);
            int firstRowPanel = task / colTasks * rowPanelsPerGroup, lastRowPanel = Math.Min(rowPanels, firstRowPanel + rowPanelsPerGroup);
            var packedB = ThreadPackingBuffer(colPanelsPerTask * PanelCols * Math.Min(k, DepthBlock));
            for (int p0 = 0; p0 < k; p0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, k - p0);
                for (int jp = firstColPanel; jp < lastColPanel; jp++)
                    PackPanel(b, jp * PanelCols, n, p0, depth, packedB.AsSpan((jp - firstColPanel) * PanelCols * depth, PanelCols * depth), PanelCols);
                float blockBeta = p0 == 0 ? beta : 1f;
                int aBlock = rowPanels * PanelRows * p0;
                for (int ip = firstRowPanel; ip < lastRowPanel; ip++)
                for (int jp = firstColPanel; jp < lastColPanel; jp++)
                {
                    var tile = new Tile(c, cOffset, n, ip * PanelRows, jp * PanelCols, Math.Min(PanelRows, m - ip * PanelRows), Math.Min(PanelCols, n - jp * PanelCols));
                    int aStart = aBlock + ip * PanelRows * depth, bStart = (jp - firstColPanel) * PanelCols * depth;
                    if (PanelCols == 32) MicroKernel512(depth, packedA, aStart, packedB, bStart, alpha, blockBeta, tile);
                    else MicroKernel256(depth, packedA, aStart, packedB, bStart, alpha, blockBeta, tile);
                }
            }
        });
    }

    [ThreadStatic] private static float[]? _threadPackedB;

    // this thread's B packing buffer, grown on first use and then reused by every GEMM the thread runs
    private static float[] ThreadPackingBuffer(int length)
    {
        if (_threadPackedB is null || _threadPackedB.Length < length) _threadPackedB = new float[length];
        return _threadPackedB;
    }

    // Column panels per task (at most 256 columns, halved until every core has several tasks), then how many row
    // groups split each column block when even single panels leave cores idle.
    private static (int ColPanels, int RowGroups) TaskShape(int rowPanels, int colPanels)
    {
        int wanted = TasksPerCore * Environment.ProcessorCount;
        int cols = Math.Min(colPanels, MaxColPanelsPerTask);
        while (cols > 1 && (colPanels + cols - 1) / cols < wanted) cols = (cols + 1) / 2;
        int colTasks = (colPanels + cols - 1) / cols;
        int rowGroups = Math.Clamp((wanted + colTasks - 1) / colTasks, 1, rowPanels);
        return (cols, rowGroups);
    }

    // one panel of `width` lines from `first` (zero past `extent`), p0..p0+depth deep
    private static void PackPanel<T>(T operand, int first, int extent, int p0, int depth, Span<float> packed, int width) where T : struct, IGemmOperand
    {
        int count = Math.Min(width, extent - first);
        if (count < width) packed.Clear();
        operand.Pack(first, count, p0, depth, packed, width);
    }

    /// <summary>Where one micro-tile lands in C: rows x cols (at most PanelRows x PanelCols) from (row0, col0).</summary>
    private readonly record struct Tile(float[] C, int Offset, int Ldc, int Row0, int Col0, int Rows, int Cols)
    {
        public bool IsFull => Rows == PanelRows && Cols == PanelCols;
        public ref float At(int row) => ref C[Offset + (Row0 + row) * Ldc + Col0];
    }

    // The two micro-kernels (and the two row stores) are one algorithm at two vector widths: .NET exposes no
    // public vector interface to write it once generically without losing the register allocation.
    // C tile (6 x 32) = alpha * Apanel[6, depth] * Bpanel[depth, 32] + beta * C tile
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel512(int depth, float[] packedA, int aStart, float[] packedB, int bStart, float alpha, float beta, in Tile tile)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a = ref packedA[aStart];
        ref float b = ref packedB[bStart];
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * 32));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(p * 32 + 16));
            ref float ap = ref Unsafe.Add(ref a, p * PanelRows);
            var a0 = Vector512.Create(ap);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref ap, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref ap, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref ap, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref ap, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref ap, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
        }
        if (tile.IsFull)
        {
            Store(c00, c01, alpha, beta, ref tile.At(0)); Store(c10, c11, alpha, beta, ref tile.At(1));
            Store(c20, c21, alpha, beta, ref tile.At(2)); Store(c30, c31, alpha, beta, ref tile.At(3));
            Store(c40, c41, alpha, beta, ref tile.At(4)); Store(c50, c51, alpha, beta, ref tile.At(5));
            return;
        }
        Span<float> partial = stackalloc float[PanelRows * 32];
        c00.StoreUnsafe(ref partial[0]); c01.StoreUnsafe(ref partial[16]);
        c10.StoreUnsafe(ref partial[32]); c11.StoreUnsafe(ref partial[48]);
        c20.StoreUnsafe(ref partial[64]); c21.StoreUnsafe(ref partial[80]);
        c30.StoreUnsafe(ref partial[96]); c31.StoreUnsafe(ref partial[112]);
        c40.StoreUnsafe(ref partial[128]); c41.StoreUnsafe(ref partial[144]);
        c50.StoreUnsafe(ref partial[160]); c51.StoreUnsafe(ref partial[176]);
        StorePartial(partial, alpha, beta, tile);
    }

    // C tile (6 x 16) = alpha * Apanel[6, depth] * Bpanel[depth, 16] + beta * C tile
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel256(int depth, float[] packedA, int aStart, float[] packedB, int bStart, float alpha, float beta, in Tile tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        ref float a = ref packedA[aStart];
        ref float b = ref packedB[bStart];
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b, (nuint)(p * 16));
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)(p * 16 + 8));
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
        if (tile.IsFull)
        {
            Store(c00, c01, alpha, beta, ref tile.At(0)); Store(c10, c11, alpha, beta, ref tile.At(1));
            Store(c20, c21, alpha, beta, ref tile.At(2)); Store(c30, c31, alpha, beta, ref tile.At(3));
            Store(c40, c41, alpha, beta, ref tile.At(4)); Store(c50, c51, alpha, beta, ref tile.At(5));
            return;
        }
        Span<float> partial = stackalloc float[PanelRows * 16];
        c00.StoreUnsafe(ref partial[0]); c01.StoreUnsafe(ref partial[8]);
        c10.StoreUnsafe(ref partial[16]); c11.StoreUnsafe(ref partial[24]);
        c20.StoreUnsafe(ref partial[32]); c21.StoreUnsafe(ref partial[40]);
        c30.StoreUnsafe(ref partial[48]); c31.StoreUnsafe(ref partial[56]);
        c40.StoreUnsafe(ref partial[64]); c41.StoreUnsafe(ref partial[72]);
        c50.StoreUnsafe(ref partial[80]); c51.StoreUnsafe(ref partial[88]);
        StorePartial(partial, alpha, beta, tile);
    }

    // one full row of a tile: c[0..2V) = alpha * (left, right) + beta * c (beta = 0 never reads c)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> left, Vector512<float> right, float alpha, float beta, ref float c)
    {
        left *= alpha;
        right *= alpha;
        if (beta != 0f)
        {
            left = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c), Vector512.Create(beta), left);
            right = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c, 16), Vector512.Create(beta), right);
        }
        left.StoreUnsafe(ref c);
        right.StoreUnsafe(ref c, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> left, Vector256<float> right, float alpha, float beta, ref float c)
    {
        left *= alpha;
        right *= alpha;
        if (beta != 0f)
        {
            left = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c), Vector256.Create(beta), left);
            right = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, 8), Vector256.Create(beta), right);
        }
        left.StoreUnsafe(ref c);
        right.StoreUnsafe(ref c, 8);
    }

    // the edge tiles: partial[r * PanelCols + j] holds the product for the tile's row r, column j
    private static void StorePartial(ReadOnlySpan<float> partial, float alpha, float beta, in Tile tile)
    {
        for (int r = 0; r < tile.Rows; r++)
        {
            var target = tile.C.AsSpan(tile.Offset + (tile.Row0 + r) * tile.Ldc + tile.Col0, tile.Cols);
            var source = partial.Slice(r * PanelCols, tile.Cols);
            for (int j = 0; j < target.Length; j++)
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
