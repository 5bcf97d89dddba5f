namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// How the ILGPU GEMM splits reductions: by <see cref="SplitKPlan"/> for the device (the default), or into a fixed
/// number of slices for every GEMM, so parity tests reach the split path on small shapes and on any device.
/// </summary>
public readonly record struct SplitKPolicy(int? ForcedSlices)
{
    /// <summary>The shape rule of <see cref="SplitKPlan"/>.</summary>
    public static SplitKPolicy ByShape => new(null);

    /// <summary>Every GEMM cut into <paramref name="slices"/> slices; 1 keeps every GEMM unsplit.</summary>
    public static SplitKPolicy Always(int slices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        return new(slices);
    }

    /// <summary>
    /// The split of an m x n x k GEMM on a device with <paramref name="multiprocessors"/> multiprocessors.
    /// </summary>
    public SplitK Choose(int m, int n, int k, int multiprocessors)
        => ForcedSlices is { } slices ? SplitK.Forced(k, slices) : SplitKPlan.Choose(m, n, k, multiprocessors);
}
