using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What the ILGPU backend promises beyond op parity: buffer ownership, views, clear errors, device naming.
/// </summary>
[NonParallelizable]
public sealed class IlgpuBackendTests
{
    private static IlgpuBackend Backend => IlgpuTestDevice.Backend;

    [Test]
    public void DisposingASliceLeavesTheParentUsable()
    {
        using var parent = Backend.Allocate(8);
        Backend.Upload([1, 2, 3, 4, 5, 6, 7, 8], parent);
        parent.Slice(2, 3).Dispose();
        Backend.Scale(parent.Slice(2, 3), 10f);
        var values = new float[8];
        Backend.Download(parent, values);
        Assert.That(values, Is.EqualTo(new float[] { 1, 2, 30, 40, 50, 6, 7, 8 }));
    }

    [Test]
    public void NewBuffersAreZero()
    {
        using var buffer = Backend.Allocate(1000);
        var values = new float[1000];
        Backend.Download(buffer, values);
        Assert.That(values, Is.All.Zero);
    }

    [Test]
    public void ABufferOfAnotherBackendIsAClearError()
    {
        using var host = new CpuBuffer(4);
        var error = Assert.Throws<ArgumentException>(() => Backend.Fill(host, 1f));
        Assert.That(error!.Message, Does.Contain("allocate buffers on the backend that uses them"));
    }

    [Test]
    public void AWrongShapeIsTheSameErrorAsOnTheCpu()
    {
        var g = new ConvGeometry(Batch: 1, InChannels: 2, OutChannels: 3, InLength: 8, KernelSize: 2);
        using var x = Backend.Allocate(g.InputSize - 1);
        using var w = Backend.Allocate(g.WeightSize);
        using var y = Backend.Allocate(g.OutputSize);
        var error = Assert.Throws<ArgumentException>(() => Backend.Conv1dForward(g, x, w, null, y));
        Assert.That(error!.Message, Does.StartWith("conv input holds 15 elements"));
    }

    [Test]
    public void TheCpuAcceleratorNamesItself()
        => Assert.That(Backend.Name, Does.StartWith("ilgpu-cpu: ").And.Contain("256 threads per group"));

    [Test]
    public void AMissingGpuIsAClearError()
    {
        Assume.That(IlgpuDevices.IsAvailable(IlgpuDeviceKind.Cuda), Is.False, "this machine has a CUDA GPU");
        var error = Assert.Throws<NotSupportedException>(() => ComputeDevices.Create("cuda"));
        Assert.That(error!.Message, Is.EqualTo("no CUDA GPU was found on this machine"));
    }

    // embedding: a tool that already runs ILGPU hands its accelerator to the backend, which must leave it open
    [Test]
    public void ABackendOnTheCallersAcceleratorRunsOpsAndLeavesItOpen()
    {
        using var context = Context.Create(builder => builder.CPU(new CPUDevice(
            numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 1)));
        using var accelerator = context.CreateCPUAccelerator(0);
        var values = new float[4];
        using (var backend = new IlgpuBackend(accelerator))
        {
            using var buffer = backend.Allocate(4);
            backend.Upload([1, 2, 3, 4], buffer);
            backend.Scale(buffer, 2f);
            backend.Download(buffer, values);
        }
        Assert.That(values, Is.EqualTo(new float[] { 2, 4, 6, 8 }));
        using var stillOpen = accelerator.Allocate1D<float>(4);
        Assert.That(accelerator.IsDisposed, Is.False);
    }

    [Test]
    public void AnAcceleratorWithGroupsTooSmallIsRefusedAndLeftOpen()
    {
        using var context = Context.Create(builder => builder.CPU(new CPUDevice(
            numThreadsPerWarp: 4, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1)));
        using var accelerator = context.CreateCPUAccelerator(0);
        Assert.That(() => new IlgpuBackend(accelerator), Throws.InstanceOf<NotSupportedException>()
            .With.Message.Contains("runs at most 8 threads per group"));
        Assert.That(accelerator.IsDisposed, Is.False);
    }

    [TestCase(AcceleratorType.Cuda, GemmPrecision.Tf32)]
    [TestCase(AcceleratorType.CPU, GemmPrecision.Tf32)]
    [TestCase(AcceleratorType.OpenCL, GemmPrecision.Fp32)]
    [TestCase(AcceleratorType.Cuda, GemmPrecision.Fp32)]
    public void EveryAcceleratorRunsFp32AndTheTensorCoresOrTheirEmulationRunTf32(AcceleratorType type,
        GemmPrecision precision)
        => Assert.That(AcceleratorSupport.Refusal("a device", type, 1024, precision), Is.Null);

    [Test]
    public void AnOpenClGpuIsRefusedTf32InOneLineNamingTheDevicesThatRunIt()
    {
        var refusal = AcceleratorSupport.Refusal("an OpenCL GPU", AcceleratorType.OpenCL, 1024, GemmPrecision.Tf32);

        Assert.That(refusal, Is.InstanceOf<ArgumentException>());
        Assert.That(refusal!.Message, Does.Contain("--device cuda").And.Contain("ilgpu-cpu").And.Not.Contain("\n"));
    }
}
