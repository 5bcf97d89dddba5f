using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The PTX that ILGPU's CUDA backend emits for a kernel, compiled by the PTX backend alone, with no CUDA driver or
/// device, at the optimization level the backend runs: what a CUDA accelerator would load, so tests on any machine can
/// check that a kernel compiles for CUDA at all, and which instructions it issues (<see cref="GemmPtx"/>).
/// </summary>
public static class KernelPtx
{
    /// <summary>The PTX of the drum hit noise kernel (<see cref="DrumHitNoiseKernels"/>), for sm_80.</summary>
    public static string DrumHitNoise()
        => Compile(EntryPointDescription.FromImplicitlyGroupedKernel(
                typeof(DrumHitNoiseKernels).GetMethod(nameof(DrumHitNoiseKernels.Item))!),
            CudaArchitecture.SM_80, CudaInstructionSet.ISA_71);

    internal static string Compile(EntryPointDescription entry, CudaArchitecture architecture,
        CudaInstructionSet instructionSet)
    {
        using var context = Context.Create(builder => builder.Optimize(OptimizationLevel.O2));
        // NVVM is optional: only LibDevice math needs it.
        using var backend = new PTXBackend(context, architecture, instructionSet, nvvmAPI: null!);
        return ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
    }
}
