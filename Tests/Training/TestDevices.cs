using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The backends the device-loop tests run on, and the piece lengths they train over. One ILGPU CPU-accelerator backend
/// serves this namespace's tests (the one of Tests.Kernels is disposed when that namespace's tests end), disposed at
/// its end.
/// </summary>
[SetUpFixture]
public sealed class TestDevices
{
    private static readonly Lazy<IlgpuBackend> Ilgpu = new(() => new IlgpuBackend(IlgpuDeviceKind.Cpu));

    /// <summary>
    /// Piece lengths that are not whole 16-step frames, so batches are padded, masked and of changing length.
    /// </summary>
    public static readonly int[] PieceLengths = [40, 23, 57, 16, 33, 48, 29, 61];

    /// <summary>
    /// A new SIMD CPU backend for "cpu", this namespace's shared ILGPU CPU accelerator for "ilgpu-cpu".
    /// </summary>
    public static IComputeBackend Open(string device) => device == "cpu" ? new CpuBackend() : Ilgpu.Value;

    /// <summary>
    /// Disposes what <see cref="Open"/> created (the shared accelerator stays until the namespace's tests end).
    /// </summary>
    public static void Release(string device, IComputeBackend backend)
    {
        if (device == "cpu") backend.Dispose();
    }

    [OneTimeTearDown]
    public void DisposeIlgpu()
    {
        if (Ilgpu.IsValueCreated) Ilgpu.Value.Dispose();
    }
}
