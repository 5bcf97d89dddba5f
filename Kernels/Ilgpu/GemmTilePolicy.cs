namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// How the ILGPU GEMM picks its kernel: by <see cref="GemmTilePlan"/> for the shape and device (the default), or one
/// kernel for every GEMM, so parity tests reach both kernels on small shapes and on any device.
/// </summary>
public readonly record struct GemmTilePolicy(GemmTile? ForcedTile)
{
    /// <summary>The shape rule of <see cref="GemmTilePlan"/>.</summary>
    public static GemmTilePolicy ByShape => new(null);

    /// <summary>Every GEMM on <paramref name="tile"/>'s kernel, split or not.</summary>
    public static GemmTilePolicy Always(GemmTile tile) => new(tile);

    /// <summary>
    /// The kernel of an m x n GEMM split as <paramref name="split"/> on <paramref name="multiprocessors"/>
    /// multiprocessors.
    /// </summary>
    public GemmTile Choose(int m, int n, SplitK split, int multiprocessors)
        => ForcedTile ?? GemmTilePlan.Choose(m, n, split, multiprocessors);
}
