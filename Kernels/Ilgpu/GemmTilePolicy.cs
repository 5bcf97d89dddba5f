namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// How the ILGPU GEMM picks its kernel: by <see cref="GemmTilePlan"/> for the shape and device (the default), or one
/// kernel for every GEMM, so parity tests reach every kernel on small shapes and on any device:
/// <see cref="ForcedTile"/> for fp32 GEMMs, <see cref="ForcedTf32Block"/> for TF32 ones.
/// </summary>
public readonly record struct GemmTilePolicy(GemmTile? ForcedTile, Tf32Block? ForcedTf32Block = null)
{
    /// <summary>The shape rule of <see cref="GemmTilePlan"/>.</summary>
    public static GemmTilePolicy ByShape => new(null);

    /// <summary>Every fp32 GEMM on <paramref name="tile"/>'s kernel, split or not.</summary>
    public static GemmTilePolicy Always(GemmTile tile) => new(tile);

    /// <summary>Every TF32 GEMM on the tensor-core kernel's <paramref name="block"/>, split or not.</summary>
    public static GemmTilePolicy AlwaysTf32(Tf32Block block) => new(null, block);

    /// <summary>
    /// The fp32 kernel of an m x n GEMM split as <paramref name="split"/> on <paramref name="multiprocessors"/>
    /// multiprocessors.
    /// </summary>
    public GemmTile Choose(int m, int n, SplitK split, int multiprocessors)
        => ForcedTile ?? GemmTilePlan.Choose(m, n, split, multiprocessors);

    /// <summary>
    /// The TF32 block of an m x n GEMM split as <paramref name="split"/> on <paramref name="multiprocessors"/>
    /// multiprocessors.
    /// </summary>
    public Tf32Block ChooseTf32(int m, int n, SplitK split, int multiprocessors)
        => ForcedTf32Block ?? GemmTilePlan.ChooseTf32(m, n, split, multiprocessors);
}
