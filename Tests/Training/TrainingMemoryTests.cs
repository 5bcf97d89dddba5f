using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The memory check before a run: its bound is below what a step really allocates (so it never refuses a run that
/// fits) yet a large share of it, and a run past the capacity is refused with the sizes.
/// </summary>
public class TrainingMemoryTests
{
    [TestCase(12, 10, 4, new int[0], 3, 37, TestName = "NoTcn_PaddedToWholeFrames")]
    [TestCase(12, 10, 4, new[] { 8, 8 }, 2, 40, TestName = "Tcn_WidthChangesOnce")]
    [TestCase(6, 20, 8, new[] { 6, 9 }, 1, 61, TestName = "Tcn_FirstBlockKeepsTheWidth")]
    public void TheBoundIsBelowWhatAStepAllocatesAndNearIt(int channels, int atoms, int frame, int[] widths,
        int batch, int length)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = channels, Atoms = atoms, FrameLength = frame, TopK = 3, TcnWidths = widths, TcnKernel = 3,
        };
        using var backend = new CountingBackend(new ScalarBackend());
        using var model = new Autoencoder(config, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        using var input = Tensor.FromHost(backend, RandomTensors.UniformFloat(batch * channels * length, 2, 0, 1),
            batch, channels, length);
        new TrainingStep(model, optimizer).Run(input);

        var (activations, parameters) = TrainingMemory.BytesAtLeast(config, batch, length);
        double allocated = sizeof(float) * (double)backend.AllocatedValues;
        Assert.Multiple(() =>
        {
            Assert.That(activations + parameters, Is.LessThanOrEqualTo(allocated), "a bound from below");
            Assert.That(activations + parameters, Is.GreaterThan(0.5 * allocated), "not a vacuous one");
            Assert.That(parameters, Is.EqualTo(16.0 * model.Parameters.TotalCount), "values, gradients, moments");
        });
    }

    [Test]
    public void ARunPastTheCapacityIsRefusedWithItsSizes()
    {
        var config = new AutoencoderConfig { InputChannels = 388, Atoms = 1000, FrameLength = 32, TopK = 100,
            TcnWidths = [64, 64] };
        var (activations, parameters) = TrainingMemory.BytesAtLeast(config, 2, 4096);
        long needed = (long)(activations + parameters);

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => TrainingMemory.Check(config, 2, 4096, needed + 1, "a device"));
            var error = Assert.Throws<InsufficientMemoryException>(
                () => TrainingMemory.Check(config, 2, 4096, needed - (1 << 20), "a device"))!;
            Assert.That(error.Message, Does.StartWith("not enough memory: a training step of 2 items of 4096 steps "
                + "needs at least ").And.Contain("more than the ").And.Contain(" that a device can hold; "));
        });
    }
}
