using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The PTX that ILGPU's CUDA backend emits for the plain GEMM (row-major c), compiled on any machine with no GPU, at
/// the optimization level the backend runs: tests read it to check which loads a kernel issues.
/// </summary>
public static class GemmPtx
{
    /// <summary>The PTX of <paramref name="tile"/>'s kernel for op(a) · op(b) into row-major c, for sm_80.</summary>
    public static string Compile(GemmTile tile, bool transposeA, bool transposeB)
    {
        using var context = Context.Create(builder => builder.Cuda().Optimize(OptimizationLevel.O2));
        var architecture = CudaArchitecture.SM_80;
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture,
            CudaInstructionSet.ISA_71, nvvmAPI: null);
        var kernel = Kernel(tile).MakeGenericMethod(Operand(transposeA), Operand(transposeB), typeof(RowMajor));
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        return ((PTXCompiledKernel)backend.Compile(entry, default)).PTXAssembly;
    }

    private static MethodInfo Kernel(GemmTile tile) => tile == GemmTile.Block64
        ? typeof(RegisterBlockedGemmKernel).GetMethod(nameof(RegisterBlockedGemmKernel.Kernel))!
        : typeof(TiledGemmKernel).GetMethod(nameof(TiledGemmKernel.Kernel))!;

    private static Type Operand(bool transposed) => transposed ? typeof(Transposed<RowMajor>) : typeof(RowMajor);
}
