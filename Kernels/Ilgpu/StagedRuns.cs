using ILGPU;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The runs of <see cref="VectorRuns.Width"/> elements through which the double-buffered GEMM kernels
/// (<see cref="RegisterBlockedGemmKernel"/>, <see cref="Tf32GemmKernel"/>) move their operand tiles: each thread
/// fetches its runs of the next K step from global memory into registers while the group multiplies the current
/// step, then stores them into the other shared stage. Runs lie along the layout's fast axis
/// (<see cref="IMatrixLayout.RowsContiguous"/>), so a warp's fetches coalesce.
/// </summary>
internal static class StagedRuns
{
    private const int Run = VectorRuns.Width;

    /// <summary>
    /// The start (row, col) of run number <paramref name="run"/> in a rows x cols tile cut into runs of four along
    /// rows (<paramref name="alongRows"/>) or along columns, runs numbered fast axis first.
    /// </summary>
    public static void Start(int run, bool alongRows, int rows, int cols, out int row, out int col)
    {
        int runsAcross = (alongRows ? rows : cols) / Run;
        int fast = Run * (run % runsAcross), slow = run / runsAcross;
        row = alongRows ? fast : slow;
        col = alongRows ? slow : fast;
    }

    /// <summary>
    /// view(row + i, col) or view(row, col + i), i = 0..3, along the layout's fast axis; zero outside rows x cols. One
    /// 16-byte load where <paramref name="vectorized"/> allows it and the run lies whole inside the matrix, else four
    /// scalar loads.
    /// </summary>
    public static PackedFloat4 Fetch<TLayout>(ArrayView<float> view, TLayout layout, bool vectorized,
        int row, int col, int rows, int cols) where TLayout : struct, IMatrixLayout
    {
        bool alongRows = layout.RowsContiguous;
        int fast = alongRows ? row : col, fastEnd = alongRows ? rows : cols;
        bool slowInside = alongRows ? col < cols : row < rows;
        if (vectorized && fast % Run == 0 && fast + Run <= fastEnd && slowInside)
            return view.Cast<PackedFloat4>()[layout.IndexOf(row, col) / Run];
        int down = alongRows ? 1 : 0, across = 1 - down;
        return new PackedFloat4(
            TiledGemmKernel.Fetch(view, layout, row, col, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + down, col + across, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + 2 * down, col + 2 * across, rows, cols),
            TiledGemmKernel.Fetch(view, layout, row + 3 * down, col + 3 * across, rows, cols));
    }

    /// <summary>tile[slot + i*step] = run_i.</summary>
    public static void Store(ArrayView<float> tile, int slot, int step, PackedFloat4 run)
    {
        tile[slot] = run.X;
        tile[slot + step] = run.Y;
        tile[slot + 2 * step] = run.Z;
        tile[slot + 3 * step] = run.W;
    }
}
