using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The memory check before a run: its bound is below what a pass really allocates (so it never refuses a run that
/// fits) yet a large share of it, and a run past the capacity is refused with the sizes.
/// </summary>
public class ModelMemoryTests
{
    private static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData(12, 10, 4, Array.Empty<int>(), 3, 37).SetName("NoTcn_PaddedToWholeFrames");
        yield return new TestCaseData(12, 10, 4, new[] { 8, 8 }, 2, 40).SetName("Tcn_WidthChangesOnce");
        yield return new TestCaseData(6, 20, 8, new[] { 6, 9 }, 1, 61).SetName("Tcn_FirstBlockKeepsTheWidth");
    }

    [TestCaseSource(nameof(Shapes))]
    public void TheTrainingBoundIsBelowWhatAStepAllocatesAndNearIt(int channels, int atoms, int frame, int[] widths,
        int batch, int length)
    {
        var config = Config(channels, atoms, frame, widths);
        using var backend = new CountingBackend(new ScalarBackend());
        using var model = new Autoencoder(config, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        using var input = Tensor.FromHost(backend, RandomTensors.UniformFloat(batch * channels * length, 2, 0, 1),
            batch, channels, length);
        new TrainingStep(model, optimizer).Run(input);

        var (activations, parameters) = ModelMemory.BytesAtLeast(config, batch, length, ModelPass.TrainingStep);
        AssertNearBelow(activations + parameters, backend.AllocatedValues);
        Assert.That(parameters, Is.EqualTo(16.0 * model.Parameters.TotalCount), "values, gradients, moments");
    }

    [TestCaseSource(nameof(Shapes))]
    public void TheForwardBoundIsBelowWhatAForwardPassAllocatesAndNearIt(int channels, int atoms, int frame,
        int[] widths, int batch, int length)
    {
        var config = Config(channels, atoms, frame, widths);
        using var backend = new CountingBackend(new ScalarBackend());
        using var model = new Autoencoder(config, backend, seed: 1);
        using var input = Tensor.FromHost(backend, RandomTensors.UniformFloat(batch * channels * length, 2, 0, 1),
            batch, channels, length);
        model.Forward(input);

        var (activations, parameters) = ModelMemory.BytesAtLeast(config, batch, length, ModelPass.Forward);
        AssertNearBelow(activations + parameters, backend.AllocatedValues);
        Assert.That(parameters, Is.EqualTo(8.0 * model.Parameters.TotalCount), "values and gradients");
    }

    [TestCaseSource(nameof(Shapes))]
    public void TheValidationBoundIsBelowWhatATrainingRunAllocatesAndNearIt(int channels, int atoms, int frame,
        int[] widths, int batch, int length)
    {
        // a step over one short piece, then the validation loss of a batch four times as long
        var config = Config(channels, atoms, frame, widths);
        using var backend = new CountingBackend(new ScalarBackend());
        using var model = new Autoencoder(config, backend, seed: 1);
        using var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        using var piece = Tensor.FromHost(backend, RandomTensors.UniformFloat(channels * frame, 3, 0, 1),
            1, channels, frame);
        new TrainingStep(model, optimizer).Run(piece);
        int validationLength = 4 * length;
        var values = RandomTensors.UniformFloat(batch * channels * validationLength, 2, 0, 1);
        using var validation = Tensor.FromHost(backend, values, batch, channels, validationLength);
        model.Forward(validation);

        var (activations, parameters) = ModelMemory.BytesAtLeast(config, batch, validationLength,
            ModelPass.Validation);
        AssertNearBelow(activations + parameters, backend.AllocatedValues);
        Assert.That(parameters, Is.EqualTo(16.0 * model.Parameters.TotalCount), "values, gradients, moments");
    }

    [TestCase(ModelPass.TrainingStep, "a training step of 2 items of 4096 steps")]
    [TestCase(ModelPass.Forward, "a forward pass of 2 items of 4096 steps")]
    [TestCase(ModelPass.Validation, "a validation pass of 2 items of 4096 steps")]
    public void ARunPastTheCapacityIsRefusedWithItsSizes(ModelPass pass, string work)
    {
        var config = Config(388, 1000, 32, [64, 64]);
        var (activations, parameters) = ModelMemory.BytesAtLeast(config, 2, 4096, pass);
        long needed = (long)(activations + parameters);

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => ModelMemory.Check(config, 2, 4096, pass, needed + 1, "a device"));
            var error = Assert.Throws<InsufficientMemoryException>(
                () => ModelMemory.Check(config, 2, 4096, pass, needed - (1 << 20), "a device"))!;
            Assert.That(error.Message, Does.StartWith($"not enough memory: {work} needs at least ")
                .And.Contain("more than the ").And.Contain(" that a device can hold; "));
        });
    }

    private static AutoencoderConfig Config(int channels, int atoms, int frame, int[] widths) => new()
    {
        InputChannels = channels, Atoms = atoms, FrameLength = frame, TopK = 3, TcnWidths = widths, TcnKernel = 3,
    };

    private static void AssertNearBelow(double bound, long allocatedValues)
    {
        double allocated = sizeof(float) * (double)allocatedValues;
        Assert.Multiple(() =>
        {
            Assert.That(bound, Is.LessThanOrEqualTo(allocated), "a bound from below");
            Assert.That(bound, Is.GreaterThan(0.5 * allocated), "not a vacuous one");
        });
    }
}
