using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Denoising training (<c>train --input-noise RATE</c>): the encoder sees grids with random extra hits, the loss
/// compares with the clean grids. The noise is the one <c>denoise --add-noise</c> adds, fresh for every (epoch, batch)
/// and reproducible from the seed (TrainerTests resumes such a run exactly); the SIMD CPU and ILGPU's CPU accelerator
/// agree; and on held-out noisy grids the result reconstructs the clean ones better than plain training.
/// </summary>
public class DenoisingTrainingTests : RunFolderTests
{
    private const int Hits = 9;   // hit rows of a drum grid [27, T]

    [Test]
    public void EachItemGetsRateTimesItsHitsOnEmptyCellsOfItsValidSteps()
    {
        var clean = SyntheticDrums.Generate(6, seed: 3).Gather([0, 1, 2, 3, 4, 5])
            with { ValidLengths = [16, 12, 16, 9, 16, 16] };
        var noise = new InputNoise(rate: 1, seed: 5);

        var noisy = noise.Corrupt(clean, epoch: 2, batch: 7);

        for (int item = 0; item < clean.Batch; item++)
        {
            int valid = clean.ValidLengths![item], before = 0, after = 0;
            for (int drum = 0; drum < Hits; drum++)
            for (int step = 0; step < clean.Length; step++)
            {
                int cell = (item * 27 + drum) * clean.Length + step;
                bool wasHit = clean.Values[cell] > 0.5f, isHit = noisy.Values[cell] > 0.5f;
                if (wasHit && step < valid) before++;
                if (isHit && step < valid) after++;
                if (wasHit) Assert.That(noisy.Values[cell], Is.EqualTo(clean.Values[cell]), "a clean hit stays");
                if (step >= valid) Assert.That(isHit, Is.EqualTo(wasHit), "steps past the item's end are left alone");
            }
            Assert.That(after, Is.EqualTo(2 * before), $"item {item}: one extra hit per hit at rate 1");
        }
        Assert.That(noise.Corrupt(clean, 2, 7).Values, Is.EqualTo(noisy.Values), "the same (epoch, batch): same noise");
        Assert.That(noise.Corrupt(clean, 2, 8).Values, Is.Not.EqualTo(noisy.Values), "another batch: other noise");
        Assert.That(new InputNoise(1, 6).Corrupt(clean, 2, 7).Values, Is.Not.EqualTo(noisy.Values), "another seed");
    }

    [Test]
    public void ItRefusesRatesOutOfRangeAndGridsOfOtherChannels()
    {
        foreach (double rate in new[] { 0, -1, 10.5, double.NaN })
            Assert.That(() => new InputNoise(rate, 1), Throws.ArgumentException.With.Message.Contains("input_noise"));
        var piano = new HostBatch(new float[2 * 88 * 4], 2, 88, 4, null);
        Assert.That(() => new InputNoise(1, 1).Corrupt(piano, 0, 0),
            Throws.ArgumentException.With.Message.Contains("27 channels"));
    }

    [Test]
    public void TheLossComparesTheReconstructionOfTheNoisyInputWithTheCleanTarget()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27),
            backend, seed: 4);
        var clean = SyntheticDrums.Generate(4, seed: 1).Gather([0, 1, 2, 3]);
        var noisy = new InputNoise(2, 9).Corrupt(clean, 0, 0);
        using var cleanTensor = Tensor.FromHost(backend, clean.Values, 4, 27, 16);
        using var noisyTensor = Tensor.FromHost(backend, noisy.Values, 4, 27, 16);
        using var slot = backend.Allocate(1);

        model.ForwardWithDeviceLoss(noisyTensor, null, slot, target: cleanTensor);
        var loss = new float[1];
        backend.Download(slot, loss);
        float denoising = loss[0];
        model.Forward(noisyTensor);
        float expected = model.ComputeLoss(cleanTensor), againstInput = model.ComputeLoss();

        Assert.That(denoising, Is.EqualTo(expected).Within(1e-6f));
        Assert.That(denoising, Is.Not.EqualTo(againstInput).Within(1e-4f), "not the loss against the noisy input");
        using var shorter = Tensor.FromHost(backend, clean.Values[..(3 * 27 * 16)], 3, 27, 16);
        Assert.That(() => model.ForwardWithDeviceLoss(noisyTensor, null, slot, target: shorter),
            Throws.ArgumentException.With.Message.Contains("one shape"));
    }

    [Test]
    public void TheNoiseReachesTheEncoderAndTheValidationLossToo()
    {
        using var backend = new CpuBackend();
        var plain = Train(backend, Small with { Epochs = 2 }, Run("plain"));
        var denoising = Train(backend, Small with { Epochs = 2, InputNoise = 1 }, Run("denoising"));

        Assert.That(denoising.Metrics[0].TrainLoss, Is.Not.EqualTo(plain.Metrics[0].TrainLoss));
        Assert.That(denoising.Metrics[0].ValidationLoss, Is.Not.EqualTo(plain.Metrics[0].ValidationLoss));
    }

    [Test]
    public void TheSimdCpuAndIlgpusCpuAcceleratorTrainTheSameDenoiser()
    {
        using var cpu = new CpuBackend();
        var options = Small with { InputNoise = 1, Epochs = 2 };
        var simd = Train(cpu, options, Run("simd"));
        var ilgpu = Train(Open("ilgpu-cpu"), options, Run("ilgpu"));

        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.That(ilgpu.Metrics[epoch].TrainLoss, Is.EqualTo(simd.Metrics[epoch].TrainLoss).Within(1e-4));
            Assert.That(ilgpu.Metrics[epoch].ValidationLoss,
                Is.EqualTo(simd.Metrics[epoch].ValidationLoss!.Value).Within(1e-4));
        }
    }

    [Test]
    public void OnHeldOutNoisyGridsItReconstructsTheCleanOnesBetterThanPlainTraining()
    {
        // both start from the same k-means atoms; seeds 1 to 3 gave MSE ratios of 0.40, 0.42 and 0.26
        using var backend = new CpuBackend();
        var options = Small with
        {
            Samples = 384, Epochs = 60, Atoms = 24, KStart = 2, KEnd = 2, InitAtoms = AtomInitialization.Kmeans,
        };
        Train(backend, options, Run("plain"));
        Train(backend, options with { InputNoise = 1 }, Run("denoising"));
        var clean = SyntheticDrums.Generate(128, seed: 77).Gather([.. Enumerable.Range(0, 128)]);
        var noisy = new InputNoise(1, 123).Corrupt(clean, 0, 0);

        double Error(string run)
        {
            using var model = TrainingCheckpoint.Load(Run(run).Model, backend).Model;
            using var input = Tensor.FromHost(backend, noisy.Values, 128, 27, 16);
            using var target = Tensor.FromHost(backend, clean.Values, 128, 27, 16);
            model.Forward(input);
            return model.ComputeLoss(target);
        }

        double plain = Error("plain"), denoising = Error("denoising");
        Assert.That(denoising, Is.LessThan(0.6 * plain), $"MSE against the clean grids: {denoising} vs {plain}");
    }
}
