using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Kernels;

/// <summary>The one place a backend is chosen by name; models receive the backend and never branch on it.</summary>
public static class ComputeDevices
{
    /// <summary>Every device name a command accepts.</summary>
    public static readonly string[] Names = ["auto", "cpu", "scalar"];

    /// <summary>
    /// Opens the named device: "cpu" is the SIMD CPU backend, "scalar" the naive single-threaded baseline,
    /// "auto" the best available.
    /// </summary>
    public static IComputeBackend Create(string name) => name switch
    {
        "auto" or "cpu" => new CpuBackend(),
        "scalar" => new ScalarBackend(),
        _ => throw new ArgumentException($"unknown device '{name}'; choose one of {string.Join(", ", Names)}"),
    };
}
