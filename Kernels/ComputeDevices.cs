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
    /// "scalar" the naive single-threaded baseline, and "auto" a CUDA GPU if present, else an OpenCL GPU, else the SIMD
    /// CPU. GEMMs and convolutions run at <paramref name="precision"/>; the CPU backends have fp32 only, so TF32 on
    /// them (auto included, when it finds no GPU) is an <see cref="ArgumentException"/>.
    /// </summary>
    public static IComputeBackend Create(string name, GemmPrecision precision = GemmPrecision.Fp32)
    {
        var backend = name switch
        {
            "auto" => CreateBest(precision),
            "cpu" => new CpuBackend(),
            "cuda" => Ilgpu(IlgpuDeviceKind.Cuda, precision),
            "opencl" => Ilgpu(IlgpuDeviceKind.OpenCL, precision),
            "ilgpu-cpu" => Ilgpu(IlgpuDeviceKind.Cpu, precision),
            "scalar" => new ScalarBackend(),
            _ => throw new ArgumentException($"unknown device '{name}'; choose one of {string.Join(", ", Names)}"),
        };
        if (precision == GemmPrecision.Fp32 || backend is IlgpuBackend) return backend;
        backend.Dispose();
        throw new ArgumentException("precision tf32 needs an ILGPU device (cuda, or ilgpu-cpu to check it); "
            + $"device '{name}' opened the CPU backend, which computes in fp32 only");
    }

    private static IlgpuBackend Ilgpu(IlgpuDeviceKind kind, GemmPrecision precision)
        => new(kind, SplitKPolicy.ByShape, precision);

    private static IComputeBackend CreateBest(GemmPrecision precision)
    {
        foreach (var kind in new[] { IlgpuDeviceKind.Cuda, IlgpuDeviceKind.OpenCL })
            if (IlgpuDevices.IsAvailable(kind)) return Ilgpu(kind, precision);
        return new CpuBackend();
    }
}
