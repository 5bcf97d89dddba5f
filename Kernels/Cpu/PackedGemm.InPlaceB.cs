using static TcnWtaNative.Kernels.Cpu.GemmMicroKernels;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class PackedGemm
{
    // Up to this many row panels (132 rows of op(A)), the column panels of an op(B) that offers its depth steps as runs
    // of its array (IGemmOperand.RowsInPlace: a stride-1 convolution's windows of a signal) are read in place, not
    // packed: each packed float would serve at most 132 FMAs, so the copy costs a visible share of the product (a
    // TCN layer's 64 x 4,096 x 192 convolution, 0.70 -> 0.62 ms on one core; its input gradient 0.75 -> 0.60 ms).
    private const int InPlaceRowPanelLimit = 22;

    [ThreadStatic] private static int[]? _threadRowStarts;

    // whether the tasks read op(B)'s column panels in place where its runs allow (no depth steps: any runs at all)
    private static bool ReadsInPlace<TB>(int rowPanels, TB b) where TB : struct, IGemmOperand
        => rowPanels <= InPlaceRowPanelLimit && b.RowsInPlace(0, 0, []) is var (first, end) && end > first;

    // this thread's table of op(B)'s row starts for one depth block
    private static int[] ThreadRowStarts() => _threadRowStarts ??= new int[DepthBlock];

    private sealed partial class GemmRun<TA, TB, TE>
    {
        // The column panels among firstColPanel..lastColPanel that depth block p0 reads in place, as a range (empty
        // when none), with the row starts of its depth steps in rowStarts: whole panels whose every column lies in
        // the runs, where ReadsInPlace holds (op(B) is then never packed up front).
        private (int First, int End) PanelsInPlace(int firstColPanel, int lastColPanel, int p0, int depth,
            int[] rowStarts)
        {
            if (!ReadsInPlace(_rowPanels, _b)) return (0, 0);
            var (first, end) = _b.RowsInPlace(p0, depth, rowStarts);
            int firstPanel = Math.Max(firstColPanel, (first + PanelCols - 1) / PanelCols);
            int endPanel = Math.Min(lastColPanel, Math.Min(end, _n) / PanelCols);
            return endPanel > firstPanel ? (firstPanel, endPanel) : (0, 0);
        }

        // one micro-tile whose B panel is read in place: columns col0.. of the depth steps starting at rowStarts
        private void InPlaceTile(int depth, in APanel panel, int col0, int[] rowStarts, float beta, in Tile tile)
        {
            if (PanelCols == 32)
                MicroKernel512(depth, panel, _b.Data, col0, new RowTable(rowStarts), _alpha, beta, tile);
            else MicroKernel256(depth, panel, _b.Data, col0, new RowTable(rowStarts), _alpha, beta, tile);
        }
    }
}
