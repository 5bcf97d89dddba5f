using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The OpenCL C that ILGPU's OpenCL backend emits for a kernel, compiled with no OpenCL driver or device, from a
/// context built as the devices' are (<see cref="IlgpuDevices.Configure"/>): so tests on any machine can check that a
/// kernel translates for an OpenCL GPU at all (<see cref="KernelPtx"/> does the same for CUDA).
/// </summary>
public static class KernelOpenCl
{
    /// <summary>
    /// The OpenCL C source of the kernel <paramref name="entry"/> describes, for an OpenCL 2.0 GPU with 64-bit floats
    /// and atomics, the generic address space and subgroups.
    /// </summary>
    public static string Compile(EntryPointDescription entry)
    {
        using var context = Context.Create(IlgpuDevices.Configure);
        var capabilities = new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: true,
            int64_Atomics: true, subGroups: true);
        using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLCVersion.CL20);
        return ((CLCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).Source;
    }
}
