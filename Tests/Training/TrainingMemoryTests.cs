using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The memory check before training covers the passes a run is sure to make, validation's included, and no more: a
/// capacity that holds the largest of them passes, and a byte less is refused with that pass's sizes.
/// </summary>
public class TrainingMemoryTests
{
    private static readonly AutoencoderConfig Config = new()
    {
        InputChannels = 388, Atoms = 1000, FrameLength = 32, TopK = 100, TcnWidths = [64, 64], TcnKernel = 3,
    };

    private static readonly VariableLengthSet Train = Pieces(4096, 1024, 2048, 3000);

    [Test]
    public void AValidationBatchLongerThanTrainingIsRefusedBeforeTheModelIsBuilt()
    {
        var validation = Pieces(500, 40000, 700);
        long needed = Bound(2, 40000, ModelPass.Validation);

        Assert.Multiple(() =>
        {
            Assert.That(needed, Is.GreaterThan(TrainingBound()), "validation needs the most");
            Assert.DoesNotThrow(() => TrainingMemory.Check(Config, Train, validation, 2, needed, "a device"));
            var error = Assert.Throws<InsufficientMemoryException>(
                () => TrainingMemory.Check(Config, Train, validation, 2, needed - 1, "a device"))!;
            Assert.That(error.Message, Does.StartWith("not enough memory: a validation pass of 2 items of 40000 steps"
                + " needs at least ").And.Contain("parameters with their gradients and Adam's moments"));
        });
    }

    [Test]
    public void TheTrainingStepsAreCheckedWhenTheyNeedTheMost()
    {
        var validation = Pieces(100, 200);
        long needed = TrainingBound();

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => TrainingMemory.Check(Config, Train, validation, 3, needed, "a device"));
            var error = Assert.Throws<InsufficientMemoryException>(
                () => TrainingMemory.Check(Config, Train, validation, 3, needed - 1, "a device"))!;
            Assert.That(error.Message, Does.StartWith("not enough memory: a training step of "));
        });
    }

    [Test]
    public void AWholeSetBatchIsCheckedAsOneBatch()
    {
        var validation = Pieces(100, 9000, 200);
        long whole = Bound(3, 9000, ModelPass.Validation);

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => TrainingMemory.Check(Config, Pieces(64), validation, 0, whole, "a device"));
            Assert.That(() => TrainingMemory.Check(Config, Pieces(64), validation, 0, whole - 1, "a device"),
                Throws.TypeOf<InsufficientMemoryException>().With.Message.Contains("a validation pass of 3 items"));
        });
    }

    [Test]
    public void TheTrainerRefusesAValidationSetItCannotHoldBeforeBuildingTheModel()
    {
        var options = TrainingPresets.Synthetic with
        {
            Atoms = 1000, FrameLength = 32, TcnWidths = [64, 64], TcnKernel = 3, KStart = 100, KEnd = 100,
            BatchSize = 2, Epochs = 1,
        };
        var config = options.ModelConfig(RepresentationKind.Events, Config.InputChannels);
        var (activations, parameters) = ModelMemory.BytesAtLeast(config, 2, 40000, ModelPass.Validation);
        using var scalar = new ScalarBackend();
        var backend = new CountingBackend(SmallMemoryBackend.Wrap(scalar, (long)(activations + parameters) - 1));
        var data = new TrainingData(Train, Pieces(500, 40000, 700),
            new RepresentationSettings(RepresentationKind.Events), ["pieces"], []);
        string directory = TrainingFixtures.TempRun();
        try
        {
            var error = Assert.Throws<InsufficientMemoryException>(
                () => new Trainer(options, data, backend, new RunFolder(directory)).Dispose())!;
            Assert.That(error.Message,
                Does.StartWith("not enough memory: a validation pass of 2 items of 40000 steps"));
            Assert.That(backend.Allocations, Is.Zero, "refused before the model is built");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // batch 3 of the training set: its longest piece alone, or three of its shortest
    private static long TrainingBound()
        => Math.Max(Bound(1, 4096, ModelPass.TrainingStep), Bound(3, 1024, ModelPass.TrainingStep));

    private static long Bound(int batch, int length, ModelPass pass)
    {
        var (activations, parameters) = ModelMemory.BytesAtLeast(Config, batch, length, pass);
        return (long)(activations + parameters);
    }

    private static VariableLengthSet Pieces(params int[] lengths)
        => new(Config.InputChannels, lengths, _ => throw new AssertionException("the check renders no piece"));
}
