using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The PTX that ILGPU's CUDA backend emits for a kernel, compiled by the PTX backend alone, with no CUDA driver or
/// device, from a context built as the devices' are (<see cref="IlgpuDevices.Configure"/>): what a CUDA accelerator
/// would load, so tests on any machine can check that a kernel compiles for CUDA at all, and which instructions it
/// issues (<see cref="GemmPtx"/>).
/// </summary>
public static class KernelPtx
{
    /// <summary>The PTX of the kernel <paramref name="entry"/> describes, for <paramref name="architecture"/> and
    /// <paramref name="instructionSet"/>.</summary>
    public static string Compile(EntryPointDescription entry, CudaArchitecture architecture,
        CudaInstructionSet instructionSet)
    {
        using var context = Context.Create(IlgpuDevices.Configure);
        // NVVM is optional: only LibDevice math needs it.
        using var backend = new PTXBackend(context, architecture, instructionSet, nvvmAPI: null!);
        return ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
    }
}
