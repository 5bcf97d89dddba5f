using TcnWtaNative.Engine;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Denoising training (<c>train --input-noise RATE --input-drop SHARE</c>): the encoder sees grids with random extra
/// hits and hits taken away, the loss compares with the clean grids. The noise is the kind <c>denoise --add-noise
/// --drop-hits</c> makes, drawn on the device (DrumHitNoiseTests), fresh for every (epoch, batch) and reproducible from
/// the seed (TrainerTests resumes such a run exactly); the SIMD CPU and ILGPU's CPU accelerator agree; and on held-out
/// noisy grids the result reconstructs the clean ones better than plain training. Humanizing training
/// (<c>--input-quantize</c>) learns the velocities of quantized hits.
/// </summary>
public class DenoisingTrainingTests : RunFolderTests
{
    private const int Hits = 9;   // hit rows of a drum grid [27, T]

    // six synthetic grids, two of them shorter than the batch's 16 steps
    private static HostBatch SixItems() => SyntheticDrums.Generate(6, seed: 3).Gather([0, 1, 2, 3, 4, 5])
        with { ValidLengths = [16, 12, 16, 9, 16, 16] };

    // clean with the noise of training batch (epoch, batch) of a run seeded so, drawn as the trainer draws it (on the
    // SIMD CPU backend)
    private static HostBatch Noisy(HostBatch clean, HitNoise noise, int seed, int epoch, int batch)
    {
        using var backend = new CpuBackend();
        using var input = new InputNoise(backend, noise, seed);
        using var values = Tensor.FromHost(backend, clean.Values, clean.Batch, clean.Channels, clean.Length);
        var noisy = input.Corrupt(new DeviceBatch(values, clean.ValidLengths, clean.ValidValues), epoch, batch);
        return clean with { Values = noisy.ToHost(backend) };
    }

    // an item's hits over its valid steps before and after the noise, each hit cell seen by check(wasHit, isHit,
    // cell); asserts that steps past the item's end are left alone
    private static (int Before, int After) HitsOfValidSteps(HostBatch clean, HostBatch noisy, int item,
        Action<bool, bool, int> check)
    {
        int valid = clean.ValidLengths![item], before = 0, after = 0;
        for (int drum = 0; drum < Hits; drum++)
            for (int step = 0; step < clean.Length; step++)
            {
                int cell = (item * 27 + drum) * clean.Length + step;
                bool wasHit = clean.Values[cell] > 0.5f, isHit = noisy.Values[cell] > 0.5f;
                check(wasHit, isHit, cell);
                if (step < valid) (before, after) = (before + (wasHit ? 1 : 0), after + (isHit ? 1 : 0));
                else Assert.That(isHit, Is.EqualTo(wasHit), "steps past the item's end are left alone");
            }
        return (before, after);
    }

    [Test]
    public void EachItemGetsRateTimesItsHitsOnEmptyCellsOfItsValidSteps()
    {
        var clean = SixItems();

        var noisy = Noisy(clean, new HitNoise(1), seed: 5, epoch: 2, batch: 7);

        for (int item = 0; item < clean.Batch; item++)
        {
            var (before, after) = HitsOfValidSteps(clean, noisy, item, (wasHit, _, cell) =>
            {
                if (wasHit) Assert.That(noisy.Values[cell], Is.EqualTo(clean.Values[cell]), "a clean hit stays");
            });
            Assert.That(after, Is.EqualTo(2 * before), $"item {item}: one extra hit per hit at rate 1");
        }
        Assert.That(Noisy(clean, new HitNoise(1), 5, 2, 7).Values, Is.EqualTo(noisy.Values),
            "the same (epoch, batch): same noise");
        Assert.That(Noisy(clean, new HitNoise(1), 5, 2, 8).Values, Is.Not.EqualTo(noisy.Values),
            "another batch: other noise");
        Assert.That(Noisy(clean, new HitNoise(1), 6, 2, 7).Values, Is.Not.EqualTo(noisy.Values),
            "another seed");
    }

    [Test]
    public void WithDropsEachItemLosesShareTimesItsHitsOfItsValidStepsAndGainsNone()
    {
        var clean = SixItems();

        var noisy = Noisy(clean, new HitNoise(0, 0.5), 5, 0, 1);

        for (int item = 0; item < clean.Batch; item++)
        {
            var (before, after) = HitsOfValidSteps(clean, noisy, item, (wasHit, isHit, _) =>
            {
                if (isHit) Assert.That(wasHit, "a drop adds nothing");
            });
            Assert.That(after, Is.EqualTo(before - (int)Math.Round(0.5 * before)), $"item {item}");
        }
    }

    [Test]
    public void ItRefusesRatesOutOfRangeAndGridsOfOtherChannels()
    {
        foreach (double rate in new[] { 0, -1, 10.5, double.NaN })
            Assert.That(() => HitNoise.Of(rate, null, "input_noise", "input_drop"),
                Throws.ArgumentException.With.Message.Contains("input_noise"));
        foreach (double share in new[] { 0, -0.1, 0.95, double.NaN })
            Assert.That(() => HitNoise.Of(null, share, "input_noise", "input_drop"),
                Throws.ArgumentException.With.Message.Contains("input_drop"));
        Assert.That(HitNoise.Of(null, null, "input_noise", "input_drop"), Is.Null, "no noise: plain training");
        Assert.That(() => new HitNoise(0, 0),
            Throws.ArgumentException.With.Message.Contains("add hits, drop them or quantize them"));
        var piano = new HostBatch(new float[2 * 88 * 4], 2, 88, 4, null);
        Assert.That(() => Noisy(piano, new HitNoise(1), 1, 0, 0),
            Throws.ArgumentException.With.Message.Contains("27 channels"));
    }

    [Test]
    public void TheLossComparesTheReconstructionOfTheNoisyInputWithTheCleanTarget()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(Small.ModelConfig(RepresentationKind.Groove, 27),
            backend, seed: 4);
        var clean = SyntheticDrums.Generate(4, seed: 1).Gather([0, 1, 2, 3]);
        var noisy = Noisy(clean, new HitNoise(2), 9, 0, 0);
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

    // on the host path the items are gathered once a batch for the clean target and its noisy copy alike
    [Test]
    public void DenoisingTrainingGathersEachBatchNoMoreOftenThanPlainTraining()
    {
        using var backend = new CpuBackend();
        int Gathers(TrainingOptions options, string name)
        {
            var counted = new CountedGathers(TrainingDataLoader.Load(options, cache: null).Train);
            Train(backend, options, Run(name), train: counted);
            return counted.Gathers;
        }
        var options = Small with { Epochs = 2 };
        int plain = Gathers(options, "plain-gathers");
        Assert.That(plain, Is.GreaterThanOrEqualTo(2 * 96 / 32), "a gather per batch at least");
        Assert.That(Gathers(options with { InputNoise = 1 }, "denoising-gathers"), Is.EqualTo(plain));
    }

    private sealed class CountedGathers(IBatchSource inner) : IBatchSource
    {
        public int Gathers { get; private set; }
        public int Channels => inner.Channels;
        public int Count => inner.Count;
        public int LengthOf(int index) => inner.LengthOf(index);

        public HostBatch Gather(IReadOnlyList<int> indices)
        {
            Gathers++;
            return inner.Gather(indices);
        }
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

    // both start from the same k-means atoms; with the noise drawn on the device, seeds 1 to 3 gave MSE ratios of
    // 0.41, 0.45 and 0.27 (extra hits), 0.29, 0.32 and 0.29 (dropped hits), and 0.22, 0.25 and 0.16 (both)
    [TestCase(1.0, 0.0, 0.6)]
    [TestCase(0.0, 0.4, 0.5)]
    [TestCase(1.0, 0.3, 0.4)]
    public void OnHeldOutNoisyGridsItReconstructsTheCleanOnesBetterThanPlainTraining(double extra, double drop,
        double most)
    {
        using var backend = new CpuBackend();
        var options = Small with
        {
            Samples = 384, Epochs = 60, Atoms = 24, KStart = 2, KEnd = 2, InitAtoms = AtomInitialization.Kmeans,
        };
        var noise = new HitNoise(extra, drop);
        Train(backend, options, Run("plain"));
        Train(backend, options with { InputNoise = extra > 0 ? extra : null, InputDrop = drop > 0 ? drop : null },
            Run("denoising"));
        var clean = SyntheticDrums.Generate(128, seed: 77).Gather([.. Enumerable.Range(0, 128)]);
        var noisy = Noisy(clean, noise, 123, 0, 0);

        double Error(string run)
        {
            using var model = TrainingCheckpoint.Load(Run(run).Model, backend).Model;
            using var input = Tensor.FromHost(backend, noisy.Values, 128, 27, 16);
            using var target = Tensor.FromHost(backend, clean.Values, 128, 27, 16);
            model.Forward(input);
            return model.ComputeLoss(target);
        }

        double plain = Error("plain"), denoising = Error("denoising");
        Assert.That(denoising, Is.LessThan(most * plain), $"MSE against the clean grids: {denoising} vs {plain}");
    }

    // synthetic hits are played at 0.9 on beats and 0.6 off them, each jittered by up to 0.1 either way, so no
    // humanizer gets under the jitter's own MAE of 0.05; quantized at 100 / 127 they lie 0.11 and 0.19 away
    [Test]
    public void OnHeldOutQuantizedGridsItPlaysTheHitsAtTheirVelocitiesToWithinTheJitter()
    {
        using var backend = new CpuBackend();
        var options = Small with
        {
            Samples = 384, Epochs = 60, Atoms = 24, KStart = 2, KEnd = 2, InitAtoms = AtomInitialization.Kmeans,
            InputQuantize = true,
        };
        Train(backend, options, Run("humanizing"));
        var played = SyntheticDrums.Generate(128, seed: 77).Gather([.. Enumerable.Range(0, 128)]);
        var quantized = Noisy(played, new HitNoise(0, 0, true), 123, 0, 0);
        var (floor, humanized) = (new GrooveHitMetrics(), new GrooveHitMetrics());
        using var model = TrainingCheckpoint.Load(Run("humanizing").Model, backend).Model;
        using var input = Tensor.FromHost(backend, quantized.Values, 128, 27, 16);
        var decoded = model.Forward(input).ToHost(backend);
        const int size = 27 * 16;
        for (int item = 0; item < 128; item++)
        {
            var window = decoded.AsSpan(item * size, size);
            var asPlayed = played.Values.AsSpan(item * size, size);
            InputHits.Humanize(window, quantized.Values.AsSpan(item * size, size), 16);
            humanized.Add(asPlayed, window, 16);
            floor.Add(asPlayed, quantized.Values.AsSpan(item * size, size), 16);
        }

        Assert.That(humanized.F1, Is.EqualTo(1), "exactly the played hits");
        Assert.That(humanized.VelocityMae, Is.LessThan(0.06), $"the quantized hits' MAE is {floor.VelocityMae}");
        Assert.That(humanized.VelocityMae, Is.LessThan(0.5 * floor.VelocityMae));
        Assert.That(humanized.OffsetMaeSteps, Is.LessThan(floor.OffsetMaeSteps + 0.005),
            "synthetic offsets are jitter around the grid: nothing to learn, and little added");
    }
}
