using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The TF32 GEMM kernel (plain row-major operands) compiled to PTX by ILGPU's PTX backend alone, with no CUDA driver
/// or device: what a CUDA accelerator would load, so the tensor-core instructions can be checked on any machine.
/// </summary>
public static class Tf32Ptx
{
    /// <summary>
    /// The PTX assembly of the kernel for <paramref name="architecture"/> and <paramref name="instructionSet"/>.
    /// </summary>
    public static string Compile(CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        using var context = Context.Create(builder => builder.Optimize(OptimizationLevel.O2));
        // NVVM is optional: only LibDevice math needs it.
        using var backend = new PTXBackend(context, architecture, instructionSet, nvvmAPI: null!);
        var kernel = typeof(Tf32GemmKernel).GetMethod(nameof(Tf32GemmKernel.Kernel))!
            .MakeGenericMethod(typeof(RowMajor), typeof(RowMajor), typeof(RowMajor));
        var compiled = backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel),
            KernelSpecialization.Empty);
        return ((PTXCompiledKernel)compiled).PTXAssembly;
    }
}
