namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Which kernel a GEMM shape runs on. The 64x64 block does four times the work per group and reads each operand
/// element from global memory half as often, but launches a quarter of the groups: it pays where the output gives
/// every multiprocessor at least <see cref="BlocksPerMultiprocessor"/> 64x64 blocks. Smaller outputs keep the 32x32
/// block, and so does every shape that splits K (<see cref="SplitKPlan"/>): splitting is for outputs too small to fill
/// the device, which a bigger block would only starve further. TF32 GEMMs choose between the two blocks of the
/// tensor-core kernel (<see cref="Tf32Block"/>) by the same rule: 128x64 where the output fills the device with them,
/// else 64x64. The threshold is a first guess, not yet timed on a GPU.
/// </summary>
public static class GemmTilePlan
{
    /// <summary>Big blocks of c wanted per multiprocessor before the big tile is chosen.</summary>
    public const int BlocksPerMultiprocessor = 1;

    private const int Block = RegisterBlockedGemmKernel.Tile;

    /// <summary>
    /// The fp32 kernel for c[m,n] split as <paramref name="split"/> on <paramref name="multiprocessors"/>
    /// multiprocessors.
    /// </summary>
    public static GemmTile Choose(int m, int n, SplitK split, int multiprocessors)
        => FillsTheDevice(m, n, Block, Block, split, multiprocessors) ? GemmTile.Block64 : GemmTile.Block32;

    /// <summary>
    /// The TF32 kernel's block for c[m,n] split as <paramref name="split"/> on <paramref name="multiprocessors"/>
    /// multiprocessors.
    /// </summary>
    public static Tf32Block ChooseTf32(int m, int n, SplitK split, int multiprocessors)
        => FillsTheDevice(m, n, Tf32GemmKernel.Rows(Tf32Block.Rows128), Tf32GemmKernel.Columns, split, multiprocessors)
            ? Tf32Block.Rows128
            : Tf32Block.Rows64;

    // True when an unsplit c[m,n] cut into rows x columns blocks gives every multiprocessor its share of them.
    private static bool FillsTheDevice(int m, int n, int rows, int columns, SplitK split, int multiprocessors)
    {
        if (split.IsSplit) return false;
        long blocks = (long)BlocksAlong(m, rows) * BlocksAlong(n, columns);
        long wanted = (long)BlocksPerMultiprocessor * Math.Max(multiprocessors, 1);
        return blocks >= wanted;
    }

    private static int BlocksAlong(int size, int block) => (size + block - 1) / block;
}
