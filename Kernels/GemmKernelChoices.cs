using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Kernels;

/// <summary>One way an ILGPU device can run its GEMMs and convolutions, and how to open a backend running them
/// so.</summary>
public sealed record GemmKernelChoice(string Label, Func<IComputeBackend> Open);

/// <summary>
/// The ways an ILGPU device can run its GEMMs and convolutions, for the bench's kernel sweep: the shape rules the
/// backend uses by default (<c>GemmTilePlan</c>, <c>SplitKPlan</c>), each kernel forced onto every GEMM, each shape's
/// plan chosen by timing, the rules without split-K, and the rules with the winner-take-all code's products run as
/// dense GEMMs. Timing a training step's ops under each, in one GPU session, is what tunes those rules per shape.
/// </summary>
public static class GemmKernelChoices
{
    /// <summary>The label of the default choice, the backend's own shape rules; first in every list.</summary>
    public const string ByShape = "by shape";

    /// <summary>The label of the choice that times each GEMM shape's candidates (<see cref="IlgpuBackend.TunesGemms"/>).
    /// </summary>
    public const string Timed = "timed per shape";

    /// <summary>
    /// The label of the shape rules with the products under a sparsity hint dense, a code's and a one-hot input's
    /// (<see cref="IlgpuBackend.SparseProducts"/> off); last in every list.
    /// </summary>
    public const string Dense = "by shape, dense products";

    /// <summary>
    /// The choices for <paramref name="device"/> (cuda, opencl or ilgpu-cpu) at <paramref name="precision"/>: fp32
    /// sweeps the 32x32, 64x64 and 128x128 fp32 kernels, TF32 the tensor-core kernel's 64x64 and 128x64 blocks.
    /// </summary>
    public static IReadOnlyList<GemmKernelChoice> For(string device, GemmPrecision precision)
    {
        var kind = device switch
        {
            "cuda" => IlgpuDeviceKind.Cuda,
            "opencl" => IlgpuDeviceKind.OpenCL,
            "ilgpu-cpu" => IlgpuDeviceKind.Cpu,
            _ => throw new ArgumentException(
                $"--gemm-kernels runs the ILGPU GEMM kernels: use cuda, opencl or ilgpu-cpu, not '{device}'"),
        };
        GemmKernelChoice Choice(string label, SplitKPolicy split, GemmTilePolicy tiles, bool sparse = true,
            bool timed = false)
            => new(label, () => new IlgpuBackend(kind, split, tiles, precision)
            {
                SparseProducts = sparse, TunesGemms = timed,
            });
        var forced = precision == GemmPrecision.Fp32
            ? new[]
            {
                Choice("32x32 everywhere", SplitKPolicy.ByShape, GemmTilePolicy.Always(GemmTile.Block32)),
                Choice("64x64 everywhere", SplitKPolicy.ByShape, GemmTilePolicy.Always(GemmTile.Block64)),
                Choice("128x128 everywhere", SplitKPolicy.ByShape, GemmTilePolicy.Always(GemmTile.Block128)),
            }
            : new[]
            {
                Choice("tf32 64x64 everywhere", SplitKPolicy.ByShape, GemmTilePolicy.AlwaysTf32(Tf32Block.Rows64)),
                Choice("tf32 128x64 everywhere", SplitKPolicy.ByShape, GemmTilePolicy.AlwaysTf32(Tf32Block.Rows128)),
            };
        return
        [
            Choice(ByShape, SplitKPolicy.ByShape, GemmTilePolicy.ByShape),
            .. forced,
            Choice(Timed, SplitKPolicy.ByShape, GemmTilePolicy.ByShape, timed: true),
            Choice("by shape, no split-K", SplitKPolicy.Always(1), GemmTilePolicy.ByShape),
            Choice(Dense, SplitKPolicy.ByShape, GemmTilePolicy.ByShape, sparse: false),
        ];
    }
}
