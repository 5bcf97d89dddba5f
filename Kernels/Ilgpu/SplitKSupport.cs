using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// What every GEMM instantiation shares for split-K and the tile choice: the policies, the device's multiprocessor
/// count, and one grow-only scratch for the partial outputs (no allocation in steady state; GEMMs run in stream order,
/// so they never use the scratch at the same time).
/// </summary>
internal sealed class SplitKSupport(Accelerator accelerator, SplitKPolicy policy, GemmTilePolicy tiles) : IDisposable
{
    private readonly GrowOnlyBuffer<float> _partials = new(accelerator);

    /// <summary>The split for <paramref name="shape"/> on this device.</summary>
    public SplitK Choose(in GemmShape shape)
        => policy.Choose(shape.M, shape.N, shape.K, accelerator.NumMultiprocessors);

    /// <summary>
    /// The fp32 kernel for <paramref name="shape"/> split as <paramref name="split"/> on this device.
    /// </summary>
    public GemmTile ChooseTile(in GemmShape shape, SplitK split)
        => tiles.Choose(shape.M, shape.N, split, accelerator.NumMultiprocessors);

    /// <summary>
    /// The TF32 kernel's block for <paramref name="shape"/> split as <paramref name="split"/> on this device.
    /// </summary>
    public Tf32Block ChooseTf32Block(in GemmShape shape, SplitK split)
        => tiles.ChooseTf32(shape.M, shape.N, split, accelerator.NumMultiprocessors);

    /// <summary>
    /// Scratch for <paramref name="slices"/> partial outputs of <paramref name="stride"/> floats each.
    /// </summary>
    public ArrayView<float> Partials(int slices, int stride)
    {
        long length = (long)slices * stride;
        if (length > int.MaxValue)
            throw new InvalidOperationException($"split-K scratch of {slices} x {stride} floats exceeds one buffer");
        return _partials.View((int)length);
    }

    public void Dispose() => _partials.Dispose();
}
