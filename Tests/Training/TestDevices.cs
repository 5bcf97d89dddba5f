using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Kernels;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>The backends the device-loop tests run on, and the piece lengths they train over.</summary>
internal static class TestDevices
{
    /// <summary>Piece lengths that are not whole 16-step frames, so batches are padded, masked and of changing length.</summary>
    public static readonly int[] PieceLengths = [40, 23, 57, 16, 33, 48, 29, 61];

    /// <summary>A new SIMD CPU backend for "cpu", the shared ILGPU CPU accelerator for "ilgpu-cpu".</summary>
    public static IComputeBackend Open(string device) => device == "cpu" ? new CpuBackend() : IlgpuTestDevice.Backend;

    /// <summary>Disposes what <see cref="Open"/> created (the shared accelerator stays).</summary>
    public static void Release(string device, IComputeBackend backend)
    {
        if (device == "cpu") backend.Dispose();
    }
}
