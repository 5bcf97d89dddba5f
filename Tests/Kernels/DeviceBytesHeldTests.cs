using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// What an ILGPU device holds (<see cref="IComputeBackend.DeviceBytesHeld"/>, on ILGPU's CPU accelerator): a buffer
/// from its allocation to its disposal, its scratch too, at least what the memory check's bound says a step needs; the
/// bench's live bytes on a device are that count; and the CPU accelerator's capacity is the host's memory, so a run
/// too long for it is refused before it starts.
/// </summary>
[NonParallelizable]
public sealed class DeviceBytesHeldTests
{
    [Test]
    public void ABufferCountsFromItsAllocationToItsDisposalAndItsSlicesNever()
    {
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu);
        long before = backend.DeviceBytesHeld!.Value;
        var buffer = backend.Allocate(1000);
        long allocated = backend.DeviceBytesHeld!.Value;
        buffer.Slice(10, 100).Dispose();
        long afterSlice = backend.DeviceBytesHeld!.Value;
        buffer.Dispose();
        long disposed = backend.DeviceBytesHeld!.Value;
        buffer.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(allocated - before, Is.EqualTo(4000));
            Assert.That(afterSlice, Is.EqualTo(allocated), "a slice frees nothing");
            Assert.That(disposed, Is.EqualTo(before));
            Assert.That(backend.DeviceBytesHeld, Is.EqualTo(before), "a second disposal frees nothing more");
        });
    }

    [Test]
    public void ASplitGemmsScratchIsCounted()
    {
        const int slices = 4, m = 16, n = 16, k = 64;
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.Always(slices));
        using var a = backend.Allocate(m * k);
        using var b = backend.Allocate(k * n);
        using var c = backend.Allocate(m * n);
        long before = backend.DeviceBytesHeld!.Value;
        backend.Gemm(false, false, m, n, k, 1f, a, b, 0f, c);

        Assert.That(backend.DeviceBytesHeld!.Value - before, Is.GreaterThanOrEqualTo(sizeof(float) * slices * m * n),
            "the partial outputs' scratch");
    }

    [Test]
    public void ATrainingStepHoldsAtLeastTheMemoryChecksBound()
    {
        var config = new AutoencoderConfig
        {
            InputChannels = 12, Atoms = 10, FrameLength = 4, TopK = 3, TcnWidths = [8, 8], TcnKernel = 3,
        };
        const int batch = 2, length = 40;
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu);
        using var model = new Autoencoder(config, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        using var input = Tensor.FromHost(backend, RandomTensors.UniformFloat(batch * 12 * length, 2, 0, 1),
            batch, 12, length);
        new TrainingStep(model, optimizer).Run(input);

        var (activations, parameters) = ModelMemory.BytesAtLeast(config, batch, length, ModelPass.TrainingStep);
        Assert.That(backend.DeviceBytesHeld, Is.GreaterThanOrEqualTo((long)(activations + parameters)));
    }

    [Test]
    public void TheBenchsLiveBytesOnADeviceAreItsOwnCountAndGrowWithTime()
    {
        var tiny = TinyBenchmark.Config(length: 8, 4);
        long? shorter = StepBenchmark.LiveBytesAfterOneStep("ilgpu-cpu", tiny, 8);
        long? longer = StepBenchmark.LiveBytesAfterOneStep("ilgpu-cpu", tiny, 16);

        Assert.That(shorter, Is.Not.Null.And.GreaterThan(0));
        Assert.That(longer, Is.GreaterThan(shorter!.Value), "activations grow with T");
    }

    [Test]
    public void TheCpuAcceleratorHoldsWhatTheHostHasAndTheCpuBackendsCountNothing()
    {
        using var device = new IlgpuBackend(IlgpuDeviceKind.Cpu);
        using var cpu = new CpuBackend();

        Assert.Multiple(() =>
        {
            Assert.That(device.MemoryBytes, Is.EqualTo(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
            Assert.That(cpu.DeviceBytesHeld, Is.Null);
        });
    }

    [Test]
    public void ARunTooLongForTheHostIsRefusedOnTheCpuAccelerator()
    {
        var config = new AutoencoderConfig { InputChannels = 388, Atoms = 1000, FrameLength = 32, TopK = 3 };
        using var device = new IlgpuBackend(IlgpuDeviceKind.Cpu);

        var error = Assert.Throws<InsufficientMemoryException>(
            () => ModelMemory.Check(config, 64, 1 << 24, ModelPass.TrainingStep, device))!;
        Assert.That(error.Message, Does.Contain(device.Name));
    }
}
