using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TcnWtaNative.Kernels.Cpu.GemmMicroKernels;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, row-major float32, on all cores. BLIS-style: op(A) is packed
/// once into panels of <see cref="PanelRows"/> rows per block of <see cref="DepthBlock"/>; each task owns a block of
/// C's columns, packs its slice of op(B) into panels of <see cref="PanelCols"/> columns one depth block at a time (in
/// its thread's buffer, L2-sized; a row-major op(B) in one pass over its rows), and an FMA micro-kernel computes each C
/// tile from one A panel (L1) and one B panel (L2) with its accumulators all in registers: 6x32 with Vector512 where
/// the hardware accelerates it (6x16 with Vector256 for a last panel of at most 16 columns), else 6x16 with Vector256.
/// A row-major op(A) is read in place rather than packed, and so is a stride-1 convolution's op(B) beside few rows
/// (PackedGemm.InPlaceB.cs). Every operand is read from memory once; tasks are sized so every core gets several,
/// splitting rows too when columns are few (or rows are many), and a small C over a long depth into depth slices
/// (<see cref="DepthSlices{TE}"/>). Not thread-safe: one instance owns its A buffer.
/// </summary>
public sealed partial class PackedGemm
{
    /// <summary>Rows of op(A) per packed panel (the micro-tile's height).</summary>
    public const int PanelRows = 6;
    /// <summary>
    /// Columns of op(B) per packed panel (the micro-tile's width: two vectors of the widest accelerated size).
    /// </summary>
    public static readonly int PanelCols = Vector512.IsHardwareAccelerated ? 32 : 16;
    /// <summary>KC: depth of one packed block.</summary>
    public const int DepthBlock = 256;
    private const int MaxColPanelsPerTask = 8;    // 128 or 256 columns of C per task: its packed B slice stays in L2
    private const int TasksPerCore = 4;
    private const int RowPanelsForRowSplit = 64;   // from this many row panels, tasks
                                                   // split rows and keep all column panels
    private const int SharedPackedBLimit = 1 << 22;   // floats (16 MiB) of op(B) packed once for
                                                      // all row groups; past it each packs its own
    private const int PrefetchRowsAhead = 8;   // depth steps between the op(B) run requested and the one copied
    private const int FloatsPerCacheLine = 16;
    private const int SmallestPackDepth = 32;   // a packing item's fewest depth steps when panels are too few for the
                                                // cores

    private float[] _packedA = [], _packedB = [];

    /// <summary>A row-major matrix stored in <paramref name="Data"/> from <paramref name="Offset"/>.</summary>
    public readonly record struct Operand(float[] Data, int Offset, bool Transposed);

    /// <summary>
    /// The stored-matrix form: op(A) is [M,K] (A stored [K,M] when transposed), op(B) is [K,N] (B stored [N,K] when
    /// transposed).
    /// </summary>
    public void Multiply(int m, int n, int k, float alpha, Operand a, Operand b, float beta, float[] c, int cOffset)
        => Multiply(m, n, k, alpha, StridedOperand.LeftOf(a.Data, a.Offset, a.Transposed, m, k),
            StridedOperand.RightOf(b.Data, b.Offset, b.Transposed, n, k), beta, c, cOffset);

    /// <summary>
    /// C[M,N] (row-major, from cOffset, row stride N) = alpha * A * B + beta * C for operands read through
    /// <see cref="IGemmOperand"/>.
    /// </summary>
    public void Multiply<TA, TB>(int m, int n, int k, float alpha, TA a, TB b, float beta, float[] c, int cOffset)
        where TA : struct, IGemmOperand where TB : struct, IGemmOperand
        => Multiply(m, n, k, alpha, a, b, beta, c, cOffset, new NoEpilogue(), EpilogueBlocks.Any);

    /// <summary>
    /// C = alpha * A * B + beta * C as above, then <paramref name="epilogue"/> on each finished block of C, every block
    /// spanning what <paramref name="blocks"/> asks (the tasks are shaped to match).
    /// </summary>
    public void Multiply<TA, TB, TE>(int m, int n, int k, float alpha, TA a, TB b, float beta, float[] c, int cOffset,
        TE epilogue, EpilogueBlocks blocks)
        where TA : struct, IGemmOperand where TB : struct, IGemmOperand where TE : struct, IGemmEpilogue
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            ScaleOutput(m, n, beta, c, cOffset);
            epilogue.Finish(0, m, 0, n);
            return;
        }
        int rowPanels = (m + PanelRows - 1) / PanelRows;
        int colPanels = (n + PanelCols - 1) / PanelCols;
        int slices = DepthSlices<TE>(m, n, k);
        var (colPanelsPerTask, rowGroups) = TaskShape(rowPanels, colPanels, blocks, slices);
        var run = GemmRun<TA, TB, TE>.ForThisThread;
        // A stored row-major is read in place: its micro-panels are 6 contiguous runs, and packing it would cost a
        // transposing copy of every element (as much work as a third of the FMAs when the other side is small)
        bool inPlaceA = a is StridedOperand { DepthStride: 1 };
        // row groups that split a column block would each pack the same slices of op(B): pack them once, for all,
        // unless the tasks read most of it in place
        bool sharedB = rowGroups > 1 && colPanels * PanelCols * k <= SharedPackedBLimit
            && !ReadsInPlace(rowPanels, b);
        if (!inPlaceA) ScratchArrays.Grow(ref _packedA, rowPanels * PanelRows * k);
        if (sharedB) ScratchArrays.Grow(ref _packedB, colPanels * PanelCols * k);
        if (slices > 1) ScratchArrays.Grow(ref _slicePartials, (slices - 1) * m * n);
        run.Set(m, n, k, alpha, a, b, beta, c, cOffset, inPlaceA ? null : _packedA, sharedB ? _packedB : null,
            rowPanels, colPanels, colPanelsPerTask, rowGroups, epilogue);
        run.SetSlices(slices, _slicePartials);
        if (run.PackItems > 0) run.RunStep(GemmStep.Packing, run.PackItems);
        run.RunStep(GemmStep.Tiles, run.ColTasks * rowGroups * slices);
        if (slices > 1) run.RunStep(GemmStep.SummingSlices, run.SumItems);
        run.Clear();
    }

    /// <summary>
    /// One GEMM's work for <see cref="CoreWorkers"/>, reused (one per thread and operand types) so a GEMM allocates
    /// nothing. A row-major A (a <see cref="StridedOperand"/> with depth stride 1) is read in place, else packing A:
    /// item = (depth block, row panel, depth slice); all of op(A) is packed once, the depth block starting at p0
    /// holding row panel ip at rowPanels*6*p0 + ip*6*depth. Panels split into depth slices when they alone are fewer
    /// than the cores' tasks (groove's few row panels), each slice packing its steps of the panel in place. Tiles: item
    /// = (row group, column block); the task packs its slice of op(B) per depth block into its thread's buffer (L2) and
    /// sweeps the A panels over it, so C's block stays in cache across depth blocks. When several row groups share a
    /// column block, op(B) is instead packed once up front, in the same layout, and every task reads its slices from
    /// there.
    /// </summary>
    private sealed partial class GemmRun<TA, TB, TE> : ParallelJob
        where TA : struct, IGemmOperand where TB : struct, IGemmOperand where TE : struct, IGemmEpilogue
    {
        [ThreadStatic] private static GemmRun<TA, TB, TE>? _forThisThread;
        public static GemmRun<TA, TB, TE> ForThisThread => _forThisThread ??= new();

        private int _m, _n, _k, _cOffset, _rowPanels, _colPanels, _colPanelsPerTask, _rowGroups, _rowPanelsPerGroup,
            _packSlices;
        private float _alpha, _beta;
        private TA _a;
        private TB _b;
        private TE _epilogue;
        private float[] _c = [];
        private float[]? _packedA;   // null: A is a StridedOperand read in place
        private float[]? _packedB;   // null: each task packs its slices of op(B) into its thread's buffer
        private GemmStep _step;
        public int ColTasks { get; private set; }
        // items of the packing run: (depth block, row panel) of A first, then (depth block, column panel) of a shared
        // B, each in _packSlices depth slices
        public int PackItems => PanelItems * _packSlices;
        private int PanelItems => ItemsOfA + (_packedB is null ? 0 : _colPanels * DepthBlocks);
        private int ItemsOfA => _packedA is null ? 0 : _rowPanels * DepthBlocks;
        private int DepthBlocks => (_k + DepthBlock - 1) / DepthBlock;

        public void Set(int m, int n, int k, float alpha, TA a, TB b, float beta, float[] c, int cOffset,
            float[]? packedA, float[]? packedB,
            int rowPanels, int colPanels, int colPanelsPerTask, int rowGroups, TE epilogue)
        {
            (_m, _n, _k, _alpha, _a, _b, _beta, _c, _cOffset, _epilogue) = (m, n, k, alpha, a, b, beta, c, cOffset,
                epilogue);
            (_packedA, _packedB) = (packedA, packedB);
            (_rowPanels, _colPanels, _colPanelsPerTask) = (rowPanels, colPanels, colPanelsPerTask);
            ColTasks = (colPanels + colPanelsPerTask - 1) / colPanelsPerTask;
            (_rowGroups, _rowPanelsPerGroup) = (rowGroups, (rowPanels + rowGroups - 1) / rowGroups);
            int wanted = TasksPerCore * CoreWorkers.Active, panelItems = Math.Max(1, PanelItems);
            _packSlices = Math.Clamp((wanted + panelItems - 1) / panelItems, 1,
                Math.Max(1, Math.Min(k, DepthBlock) / SmallestPackDepth));
        }

        // drops the references to the caller's arrays
        public void Clear()
            => (_a, _b, _c, _packedA, _packedB, _epilogue, _partials) = (default, default, [], null, null, default, []);

        public void RunStep(GemmStep step, int items)
        {
            _step = step;
            CoreWorkers.Run(this, items);
        }

        public override void Run(int index, int worker)
        {
            if (_step == GemmStep.Tiles) Tiles(index % TilesPerSlice, index / TilesPerSlice);
            else if (_step == GemmStep.SummingSlices) SumSlices(index);
            else if (index / _packSlices < ItemsOfA) PackA(index / _packSlices, index % _packSlices);
            else PackB(index / _packSlices - ItemsOfA, index % _packSlices);
        }

        // The per-step loops of the CPU kernels are compiled fully optimized on first use (AggressiveOptimization):
        // tiered compilation would run them as unoptimized tier-0 code through the first few dozen training steps.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackA(int index, int slice)
        {
            int ip = index % _rowPanels, p0 = index / _rowPanels * DepthBlock, depth = Math.Min(DepthBlock, _k - p0);
            PackSlice(_a, ip * PanelRows, _m, p0, depth, slice,
                _packedA!.AsSpan(_rowPanels * PanelRows * p0 + ip * PanelRows * depth, PanelRows * depth), PanelRows);
        }

        // the shared op(B): depth block p0 holds column panel jp at colPanels*32*p0 + jp*32*depth, as the tasks' own
        // buffers do
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackB(int index, int slice)
        {
            int jp = index % _colPanels, p0 = index / _colPanels * DepthBlock, depth = Math.Min(DepthBlock, _k - p0),
                width = PanelWidth(jp);
            PackSlice(_b, jp * PanelCols, _n, p0, depth, slice,
                _packedB!.AsSpan(_colPanels * PanelCols * p0 + jp * PanelCols * depth, width * depth), width);
        }

        // depth slice `slice` of the panel packed into `panel` (p0..p0+depth deep, `width` floats per depth step)
        private void PackSlice<T>(T operand, int first, int extent, int p0, int depth, int slice, Span<float> panel,
            int width) where T : struct, IGemmOperand
        {
            int sliceDepth = (depth + _packSlices - 1) / _packSlices, start = slice * sliceDepth;
            if (start >= depth) return;
            int steps = Math.Min(sliceDepth, depth - start);
            PackPanel(operand, first, extent, p0 + start, steps, panel.Slice(start * width, steps * width), width);
        }

        // tile task `task` over depth slice `slice`: the first slice into C with beta, each other one into its partial
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Tiles(int task, int slice)
        {
            var (depthStart, depthEnd) = SliceDepths(slice);
            var (c, cOffset, beta) = slice == 0 ? (_c, _cOffset, _beta) : (_partials, PartialOffset(slice), 0f);
            int firstColPanel = task % ColTasks * _colPanelsPerTask,
                lastColPanel = Math.Min(_colPanels, firstColPanel + _colPanelsPerTask);
            int firstRowPanel = task / ColTasks * _rowPanelsPerGroup,
                lastRowPanel = Math.Min(_rowPanels, firstRowPanel + _rowPanelsPerGroup);
            var rowsOfA = _packedA is null ? Unsafe.As<TA, StridedOperand>(ref _a) : default;
            var packedB = _packedB ?? ThreadPackingBuffer(_colPanelsPerTask * PanelCols * Math.Min(_k, DepthBlock));
            var rowStarts = ThreadRowStarts();
            for (int p0 = depthStart; p0 < depthEnd; p0 += DepthBlock)
            {
                int depth = Math.Min(DepthBlock, depthEnd - p0);
                var (inPlaceFirst, inPlaceEnd) = PanelsInPlace(firstColPanel, lastColPanel, p0, depth, rowStarts);
                if (_packedB is null && inPlaceEnd == inPlaceFirst && _b is StridedOperand { FreeStride: 1 } rowsOfB)
                    PackRowsOfB(rowsOfB, firstColPanel, lastColPanel, p0, depth, packedB);
                else if (_packedB is null)
                    for (int jp = firstColPanel; jp < lastColPanel; jp++)
                    {
                        if (jp >= inPlaceFirst && jp < inPlaceEnd) continue;
                        int width = PanelWidth(jp);
                        PackPanel(_b, jp * PanelCols, _n, p0, depth,
                            packedB.AsSpan((jp - firstColPanel) * PanelCols * depth, width * depth), width);
                    }
                // where column panel jp of this depth block starts in packedB, less jp * 32 * depth
                int bBlock = _packedB is null ? -firstColPanel * PanelCols * depth : _colPanels * PanelCols * p0;
                float blockBeta = p0 == depthStart ? beta : 1f;
                int aBlock = _rowPanels * PanelRows * p0;
                for (int ip = firstRowPanel; ip < lastRowPanel; ip++)
                for (int jp = firstColPanel; jp < lastColPanel; jp++)
                {
                    var tile = new Tile(c, cOffset, _n, ip * PanelRows, jp * PanelCols,
                        Math.Min(PanelRows, _m - ip * PanelRows), Math.Min(PanelCols, _n - jp * PanelCols));
                    var panel = _packedA is null
                        ? new APanel(rowsOfA.Data,
                            rowsOfA.Offset + ip * PanelRows * rowsOfA.FreeStride + p0, rowsOfA.FreeStride, 1)
                        : new APanel(_packedA, aBlock + ip * PanelRows * depth, 1, PanelRows);
                    int bStart = bBlock + jp * PanelCols * depth;
                    if (jp >= inPlaceFirst && jp < inPlaceEnd)
                        InPlaceTile(depth, panel, jp * PanelCols, rowStarts, blockBeta, tile);
                    else if (PanelWidth(jp) == 32)
                        MicroKernel512(depth, panel, packedB, bStart, new PackedRows(), _alpha, blockBeta, tile);
                    else if (PanelCols == 32)
                        MicroKernel512Narrow(depth, panel, packedB, bStart, _alpha, blockBeta, tile);
                    else MicroKernel256(depth, panel, packedB, bStart, new PackedRows(), _alpha, blockBeta, tile);
                }
            }
            int firstRow = firstRowPanel * PanelRows, firstCol = firstColPanel * PanelCols;
            _epilogue.Finish(firstRow, Math.Min(_m, lastRowPanel * PanelRows) - firstRow, firstCol,
                Math.Min(_n, lastColPanel * PanelCols) - firstCol);
        }

        // The column panels firstColPanel..lastColPanel of a row-major op(B), depth block p0, packed as PackPanel packs
        // them one by one, but in one pass over op(B)'s rows: each depth step reads the task's columns as one run
        // (1 KB for 8 panels) instead of one 128-byte piece of it per panel. op(B) rows lie N floats apart, so piece by
        // piece every read was a cache miss on another page (the decoder's 12,416-wide weights packed at a sixth of
        // the memory's bandwidth). Each run starts on a new page, where the hardware's prefetchers start over, so the
        // run PrefetchRowsAhead depth steps on is requested while this one is copied.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private unsafe void PackRowsOfB(StridedOperand rows, int firstColPanel, int lastColPanel, int p0, int depth,
            float[] packed)
        {
            int firstCol = firstColPanel * PanelCols, columns = Math.Min(_n, lastColPanel * PanelCols) - firstCol,
                lastWidth = PanelWidth(lastColPanel - 1),
                lastCount = Math.Min(lastWidth, _n - (lastColPanel - 1) * PanelCols);
            var last = packed.AsSpan((lastColPanel - 1 - firstColPanel) * PanelCols * depth, lastWidth * depth);
            if (lastCount < lastWidth) last.Clear();
            fixed (float* data = rows.Data)
            for (int p = 0; p < depth; p++)
            {
                if (Sse.IsSupported && p0 + p + PrefetchRowsAhead < _k)
                    PrefetchRun(data + rows.Offset + firstCol + (long)(p0 + p + PrefetchRowsAhead) * rows.DepthStride,
                        columns);
                var source = rows.Data.AsSpan(rows.Offset + firstCol + (p0 + p) * rows.DepthStride, columns);
                for (int jp = firstColPanel; jp < lastColPanel - 1; jp++)
                    PanelRow.Copy(source.Slice((jp - firstColPanel) * PanelCols, PanelCols),
                        packed.AsSpan((jp - firstColPanel) * PanelCols * depth + p * PanelCols, PanelCols));
                PanelRow.Copy(source.Slice((lastColPanel - 1 - firstColPanel) * PanelCols, lastCount),
                    last.Slice(p * lastWidth, lastCount));
            }
        }

        // asks for the cache lines of count floats from run into every cache level
        private static unsafe void PrefetchRun(float* run, int count)
        {
            for (int i = 0; i < count; i += FloatsPerCacheLine) Sse.Prefetch0(run + i);
        }

        // A 32-wide panel whose columns end within 16 is packed 16 wide for the 6x16 kernel of one 512-bit vector a
        // row: half the FMA instructions of the 6x32 one for the remainder columns (N = 100 is three panels of 32 and
        // 4 columns).
        private int PanelWidth(int colPanel) => PanelCols == 32 && _n - colPanel * PanelCols <= 16 ? 16 : PanelCols;
    }

    [ThreadStatic] private static float[]? _threadPackedB;

    // this thread's B packing buffer, grown on first use and then reused by every GEMM the thread runs
    private static float[] ThreadPackingBuffer(int length)
    {
        if (_threadPackedB is null || _threadPackedB.Length < length) _threadPackedB = new float[length];
        return _threadPackedB;
    }

    // Column panels per task (at most 256 columns, halved until every core has several tasks, counting every depth
    // slice's, unless rows are many: then each A micro-panel serves all the column panels while in L1), then how many
    // row groups split each column block when the column blocks alone leave cores idle. An epilogue over whole rows
    // takes every column panel; one over whole columns never splits rows.
    private static (int ColPanels, int RowGroups) TaskShape(int rowPanels, int colPanels, EpilogueBlocks blocks,
        int slices)
    {
        int wanted = (TasksPerCore * CoreWorkers.Active + slices - 1) / slices;
        int cols = blocks == EpilogueBlocks.WholeRows ? colPanels : Math.Min(colPanels, MaxColPanelsPerTask);
        bool keepColumnBlocks = blocks == EpilogueBlocks.WholeRows
            || (blocks == EpilogueBlocks.Any && rowPanels >= RowPanelsForRowSplit);
        while (cols > 1 && (colPanels + cols - 1) / cols < wanted && !keepColumnBlocks) cols = (cols + 1) / 2;
        int colTasks = (colPanels + cols - 1) / cols;
        int rowGroups = blocks == EpilogueBlocks.WholeColumns ? 1
            : Math.Clamp((wanted + colTasks - 1) / colTasks, 1, rowPanels);
        return (cols, rowGroups);
    }

    // one panel of `width` lines from `first` (zero past `extent`), p0..p0+depth deep
    private static void PackPanel<T>(T operand, int first, int extent, int p0, int depth, Span<float> packed, int width)
        where T : struct, IGemmOperand
    {
        int count = Math.Min(width, extent - first);
        if (count < width) packed.Clear();
        operand.Pack(first, count, p0, depth, packed, width);
    }

    private static void ScaleOutput(int m, int n, float beta, float[] c, int cOffset)
    {
        var span = c.AsSpan(cOffset, m * n);
        if (beta == 0f) span.Clear();
        else System.Numerics.Tensors.TensorPrimitives.Multiply(span, beta, span);
    }
}
