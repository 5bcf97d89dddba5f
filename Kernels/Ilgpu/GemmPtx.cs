using System.Reflection;
using ILGPU.Backends.EntryPoints;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The PTX that ILGPU's CUDA backend emits for a GEMM kernel into row-major c, compiled by the PTX backend alone, with
/// no CUDA driver or device, at the optimization level the backend runs: what a CUDA accelerator would load, so tests
/// can check on any machine which loads and tensor-core instructions a kernel issues.
/// </summary>
public static class GemmPtx
{
    /// <summary>The PTX of <paramref name="tile"/>'s fp32 kernel for op(a) · op(b), for sm_80.</summary>
    public static string Compile(GemmTile tile, bool transposeA, bool transposeB)
    {
        var kernel = tile switch
        {
            GemmTile.Block64 => typeof(RegisterBlockedGemmKernel).GetMethod(nameof(RegisterBlockedGemmKernel.Kernel))!,
            GemmTile.Block128 => typeof(RegisterBlocked128GemmKernel)
                .GetMethod(nameof(RegisterBlocked128GemmKernel.Kernel))!,
            _ => typeof(TiledGemmKernel).GetMethod(nameof(TiledGemmKernel.Kernel))!,
        };
        return Compile(kernel.MakeGenericMethod(Operand(transposeA), Operand(transposeB), typeof(RowMajor)),
            CudaArchitecture.SM_80, CudaInstructionSet.ISA_71);
    }

    /// <summary>
    /// The PTX of the TF32 kernel (<see cref="Tf32GemmKernel"/>, plain row-major operands) for
    /// <paramref name="architecture"/> and <paramref name="instructionSet"/>.
    /// </summary>
    public static string CompileTf32(CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        var kernel = typeof(Tf32GemmKernel).GetMethod(nameof(Tf32GemmKernel.Kernel))!
            .MakeGenericMethod(typeof(RowMajor), typeof(RowMajor), typeof(RowMajor));
        return Compile(kernel, architecture, instructionSet);
    }

    private static string Compile(MethodInfo kernel, CudaArchitecture architecture, CudaInstructionSet instructionSet)
        => KernelPtx.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), architecture, instructionSet);

    private static Type Operand(bool transposed) => transposed ? typeof(Transposed<RowMajor>) : typeof(RowMajor);
}
