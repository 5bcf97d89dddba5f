using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Engine;

public class ModelLimitsTests
{
    [Test]
    public void TheCountedParametersAreTheOnesTheModelDeclares()
    {
        var config = new AutoencoderConfig { InputChannels = 5, Atoms = 7, FrameLength = 4, TcnWidths = [6, 6, 9],
            TcnKernel = 3, TopK = 2 };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 1);

        Assert.That(ModelLimits.ParameterCount(config), Is.EqualTo(model.Parameters.TotalCount));
    }

    [TestCase("{\"input_channels\":27,\"atoms\":100000000,\"frame_length\":16}",
        "the model would have 8.6e10 parameters; the limit is 2^31 - 1")]
    [TestCase("{\"input_channels\":27,\"atoms\":12,\"frame_length\":16,\"tcn_widths\":[100000,100000]}",
        "the model would have 9e10 parameters")]
    public void ACheckpointDeclaringAnOversizedModelIsRejectedBeforeAllocating(string config, string message)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("tcnwta-limits-").FullName, "model.safetensors");
        SafetensorsFile.Write(path, [],
            new Dictionary<string, string> { [ModelCheckpoint.FormatKey] = ModelCheckpoint.FormatValue,
            [ModelCheckpoint.ConfigKey] = config });
        using var backend = new CpuBackend();

        var error = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path, backend))!;

        Assert.That(error.Message, Does.StartWith($"{path}: the model config is invalid: ").And.Contain(message));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Test]
    public void AnActivationOverTheLimitNamesItsShape()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelLimits.ActivationValues(1024, 27, 100_000))!;
        Assert.That(error.Message,
            Is.EqualTo("an activation [1024, 27, 100000] would hold 2.8e9 values; the limit is 2^31 - 1"));
    }

    // a TCN kernel far past the signal passed the model's limits, and its im2row overflowed an int inside a kernel
    [Test]
    public void ATcnConvolutionUnrolledPastTheLimitIsRefusedAndTheSameBatchWithoutATcnIsNot()
    {
        var config = new AutoencoderConfig { InputChannels = 27, Atoms = 100, FrameLength = 16, TcnWidths = [8],
            TcnKernel = 20_000 };

        var error = Assert.Throws<ArgumentException>(() => ModelLimits.CheckBatch(config, 277, 16))!;

        Assert.That(error.Message, Is.EqualTo("a batch of 277 items of 16 steps would unroll a TCN convolution into "
            + "2.4e9 values (steps × channels × tcn_kernel 20000); the limit is 2^31 - 1 (a smaller batch_size or "
            + "tcn_kernel)"));
        Assert.That(() => ModelLimits.CheckBatch(config with { TcnKernel = 3 }, 277, 16), Throws.Nothing);
        Assert.That(() => ModelLimits.CheckBatch(config with { TcnWidths = [] }, 277, 16), Throws.Nothing);
    }
}
