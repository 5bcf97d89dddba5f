namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// How a GEMM's reduction dimension K is cut: <see cref="Slices"/> slices of <see cref="Depth"/> (the last may be
/// shorter).
/// </summary>
public readonly record struct SplitK(int Slices, int Depth)
{
    /// <summary>One slice over the whole reduction: the unsplit path that writes c directly.</summary>
    public static SplitK None(int k) => new(1, k);

    /// <summary>
    /// Exactly <paramref name="slices"/> slices of ceil(k / slices), whatever the shape (parity tests).
    /// </summary>
    public static SplitK Forced(int k, int slices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        return slices == 1 ? None(k) : new(slices, (k + slices - 1) / slices);
    }

    /// <summary>True when the reduction is cut into partial sums that a second kernel adds.</summary>
    public bool IsSplit => Slices > 1;
}

/// <summary>
/// Which GEMM shapes split K, and into how many slices. A group of the tiled kernel owns one 32x32 output tile, so a
/// small output (a weight gradient reducing over batch x time) launches fewer groups than the device can run at
/// once; cutting K into slices multiplies the groups, at the cost of writing and re-reading S partial outputs.
/// Shapes whose output alone gives every multiprocessor two groups keep the unsplit path.
/// </summary>
public static class SplitKPlan
{
    /// <summary>
    /// Groups wanted in flight per multiprocessor: a 256-thread group with 8.4 KB of shared memory leaves room for
    /// several.
    /// </summary>
    public const int GroupsPerMultiprocessor = 4;

    /// <summary>Slices start on multiples of this: the depth of the GEMM kernel's K tile.</summary>
    public const int SliceAlignment = TiledGemmKernel.Tile;

    /// <summary>
    /// Shallowest slice worth a group: 8 K-tiles, so the partial tile's store and reload stay a small share of its
    /// work.
    /// </summary>
    public const int MinSliceDepth = 8 * SliceAlignment;

    /// <summary>Most slices; bounds the scratch at 64 partial outputs.</summary>
    public const int MaxSlices = 64;

    /// <summary>
    /// The split for c[m,n] = a[m,k] · b[k,n] on a device with <paramref name="multiprocessors"/> multiprocessors.
    /// </summary>
    public static SplitK Choose(int m, int n, int k, int multiprocessors)
    {
        long tiles = (long)TilesAlong(m) * TilesAlong(n);
        long wanted = (long)GroupsPerMultiprocessor * Math.Max(multiprocessors, 1);
        if (tiles == 0 || tiles * 2 > wanted) return SplitK.None(k);
        int slices = (int)Math.Min(Math.Min(wanted / tiles, k / MinSliceDepth), MaxSlices);
        if (slices < 2) return SplitK.None(k);
        int depth = TilesAlong((k + slices - 1) / slices) * SliceAlignment;
        return new SplitK((k + depth - 1) / depth, depth);
    }

    private static int TilesAlong(int size) => (size + SliceAlignment - 1) / SliceAlignment;
}
