namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Which kernel a GEMM shape runs on. The 64x64 block does four times the work per group and reads each operand
/// element from global memory half as often, but launches a quarter of the groups: it pays where the output gives
/// every multiprocessor at least <see cref="BlocksPerMultiprocessor"/> 64x64 blocks. Smaller outputs keep the 32x32
/// block, and so does every shape that splits K (<see cref="SplitKPlan"/>): splitting is for outputs too small to fill
/// the device, which a bigger block would only starve further. The threshold is a first guess, not yet timed on a GPU.
/// </summary>
public static class GemmTilePlan
{
    /// <summary>64x64 blocks of c wanted per multiprocessor before the big tile is chosen.</summary>
    public const int BlocksPerMultiprocessor = 1;

    private const int Block = RegisterBlockedGemmKernel.Tile;

    /// <summary>
    /// The kernel for c[m,n] split as <paramref name="split"/> on <paramref name="multiprocessors"/> multiprocessors.
    /// </summary>
    public static GemmTile Choose(int m, int n, SplitK split, int multiprocessors)
    {
        if (split.IsSplit) return GemmTile.Block32;
        long blocks = (long)BlocksAlong(m) * BlocksAlong(n);
        long wanted = (long)BlocksPerMultiprocessor * Math.Max(multiprocessors, 1);
        return blocks >= wanted ? GemmTile.Block64 : GemmTile.Block32;
    }

    private static int BlocksAlong(int size) => (size + Block - 1) / Block;
}
