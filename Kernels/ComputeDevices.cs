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
    /// them (auto included, when it finds no GPU) is an <see cref="ArgumentException"/>. With
    /// <paramref name="tuneGemms"/> an ILGPU device chooses each GEMM shape's plan by timing
    /// (<see cref="IlgpuBackend.TunesGemms"/>); the CPU backends have one plan per shape, so it is an error there too.
    /// </summary>
    public static IComputeBackend Create(string name, GemmPrecision precision = GemmPrecision.Fp32,
        bool tuneGemms = false)
    {
        if (!Enum.IsDefined(precision))
            throw new ArgumentOutOfRangeException(nameof(precision),
                $"precision {(int)precision} is none of {string.Join(", ", Enum.GetNames<GemmPrecision>())}");
        var backend = name switch
        {
            "auto" => CreateBest(precision, tuneGemms),
            "cpu" => new CpuBackend(),
            "cuda" => Ilgpu(IlgpuDeviceKind.Cuda, precision, tuneGemms),
            "opencl" => Ilgpu(IlgpuDeviceKind.OpenCL, precision, tuneGemms),
            "ilgpu-cpu" => Ilgpu(IlgpuDeviceKind.Cpu, precision, tuneGemms),
            "scalar" => new ScalarBackend(),
            _ => throw new ArgumentException($"unknown device '{name}'; choose one of {string.Join(", ", Names)}"),
        };
        if (backend is IlgpuBackend || (precision == GemmPrecision.Fp32 && !tuneGemms)) return backend;
        backend.Dispose();
        throw new ArgumentException(precision == GemmPrecision.Tf32
            ? "precision tf32 needs an ILGPU device (cuda, or ilgpu-cpu to check it); "
                + $"device '{name}' opened the CPU backend, which computes in fp32 only"
            : "GEMM tuning (--tune-gemms) times the ILGPU GEMM kernels (cuda, opencl, or ilgpu-cpu to check it); "
                + $"device '{name}' opened the CPU backend, which has one GEMM plan per shape");
    }

    private static IlgpuBackend Ilgpu(IlgpuDeviceKind kind, GemmPrecision precision, bool tuneGemms)
        => new(kind, SplitKPolicy.ByShape, precision) { TunesGemms = tuneGemms };

    private static IComputeBackend CreateBest(GemmPrecision precision, bool tuneGemms)
    {
        foreach (var kind in new[] { IlgpuDeviceKind.Cuda, IlgpuDeviceKind.OpenCL })
            if (IlgpuDevices.IsAvailable(kind)) return Ilgpu(kind, precision, tuneGemms);
        return new CpuBackend();
    }
}
