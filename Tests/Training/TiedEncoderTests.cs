using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Optimization;

using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Training;

public class TiedEncoderTests
{
    private static readonly AutoencoderConfig Config = new() { InputChannels = 3, Atoms = 5, FrameLength = 2,
        TopK = 1 };

    [Test]
    public void TyingMakesUnitAtomsAndFiltersEqualToThemSoKOneIsMatchingPursuit()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 3);

        model.TieEncoderToAtoms();

        var atoms = new float[model.Atoms.Count];
        var filters = new float[model.EncoderWeight.Count];
        backend.Download(model.Atoms.Value, atoms);
        backend.Download(model.EncoderWeight.Value, filters);
        Assert.That(filters, Is.EqualTo(atoms));
        for (int n = 0; n < 5; n++)
            Assert.That(TensorPrimitives.Norm<float>(atoms.AsSpan(n * 6, 6)), Is.EqualTo(1f).Within(1e-5f));
        // a frame that is 2.5 x atom 3: the winner is the best-correlated atom and its code the correlation
        var frame = atoms.AsSpan(3 * 6, 6).ToArray().Select(v => 2.5f * v).ToArray();
        var code = model.Encode(frame, 2);
        int winner = Enumerable.Range(0, 5).MaxBy(n => TensorPrimitives.Dot<float>(atoms.AsSpan(n * 6, 6), frame));
        Assert.That(code[winner, 0],
            Is.EqualTo(TensorPrimitives.Dot<float>(atoms.AsSpan(winner * 6, 6), frame)).Within(1e-4f));
    }

    [Test]
    public void ATrainingStepKeepsTheEncoderTied()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Config, backend, seed: 3);
        var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(0.05f));
        var step = new TrainingStep(model, optimizer, tieEncoder: true);
        using var batch = TcnWtaNative.Engine.Tensor.FromHost(backend, RandomTensors.UniformFloat(4 * 3 * 6, seed: 1),
            4, 3, 6);

        step.Run(batch);

        var atoms = new float[model.Atoms.Count];
        var filters = new float[model.EncoderWeight.Count];
        backend.Download(model.Atoms.Value, atoms);
        backend.Download(model.EncoderWeight.Value, filters);
        Assert.That(filters, Is.EqualTo(atoms));
    }

    [Test]
    public void TyingIsRefusedUnderTheHitsLossAndWithATcn()
    {
        var options = TrainingPresets.GrooveBeat with { TieEncoder = true, Data = "groove" };
        Assert.That(() => (options with { Loss = LossKind.Hits }).Validate(),
            Throws.ArgumentException.With.Message.Contains("tie_encoder"));
        Assert.That(() => (options with { TcnWidths = [8] }).Validate(),
            Throws.ArgumentException.With.Message.Contains("tie_encoder"));
        Assert.That(() => options.Validate(), Throws.Nothing);
    }
}
