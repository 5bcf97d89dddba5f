using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Kernels;

/// <summary>The one place a backend is chosen by name; models receive the backend and never branch on it.</summary>
public static class ComputeDevices
{
    /// <summary>Every device name a command accepts.</summary>
    public static readonly string[] Names = ["auto", "cpu", "cuda", "opencl", "ilgpu-cpu", "scalar"];

    /// <summary>
    /// Opens the named device: "cpu" is the SIMD CPU backend, "cuda" and "opencl" the ILGPU kernels on the first
    /// such GPU, "ilgpu-cpu" the same kernels on ILGPU's CPU accelerator (slow; for checking kernels without a GPU),
    /// "scalar" the naive single-threaded baseline, and "auto" a CUDA GPU if present, else an OpenCL GPU, else the SIMD CPU.
    /// </summary>
    public static IComputeBackend Create(string name) => name switch
    {
        "auto" => CreateBest(),
        "cpu" => new CpuBackend(),
        "cuda" => new IlgpuBackend(IlgpuDeviceKind.Cuda),
        "opencl" => new IlgpuBackend(IlgpuDeviceKind.OpenCL),
        "ilgpu-cpu" => new IlgpuBackend(IlgpuDeviceKind.Cpu),
        "scalar" => new ScalarBackend(),
        _ => throw new ArgumentException($"unknown device '{name}'; choose one of {string.Join(", ", Names)}"),
    };

    private static IComputeBackend CreateBest()
    {
        foreach (var kind in new[] { IlgpuDeviceKind.Cuda, IlgpuDeviceKind.OpenCL })
            if (IlgpuDevices.IsAvailable(kind)) return new IlgpuBackend(kind);
        return new CpuBackend();
    }
}
