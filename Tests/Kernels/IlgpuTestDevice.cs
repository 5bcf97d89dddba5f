using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// One ILGPU CPU-accelerator backend for every ILGPU test in the run: its kernels compile once, and the
/// accelerator's 256 threads are not started again per fixture.
/// </summary>
[SetUpFixture]
public sealed class IlgpuTestDevice
{
    private static readonly Lazy<IlgpuBackend> Shared = new(() => new IlgpuBackend(IlgpuDeviceKind.Cpu));

    /// <summary>The shared backend, created on first use.</summary>
    public static IlgpuBackend Backend => Shared.Value;

    [OneTimeTearDown]
    public void DisposeBackend()
    {
        if (Shared.IsValueCreated) Shared.Value.Dispose();
    }
}
