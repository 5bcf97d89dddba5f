using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Metrics;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Items of several frames trained as their frames (<see cref="FrameItems"/>): the layout moves each frame where
/// <see cref="HostBatch.Frame"/> finds it, the trainer takes it only where nothing in the model looks across frames,
/// and a run on frames is the run on whole items up to rounding.
/// </summary>
[NonParallelizable]
public class FrameItemsTests
{
    private const int Channels = 27, Length = 16, FrameLength = 4;

    // bars of 16 steps: four one-beat frames each
    private static VariableLengthSet Bars(int count = 6) => new(Channels, [.. Enumerable.Repeat(Length, count)],
        i => RandomTensors.UniformFloat(Channels * Length, 700 + i));

    private static TrainingOptions Beats => TrainingPresets.Synthetic with
    {
        Samples = 8, ValidationSamples = 4, Atoms = 8, FrameLength = FrameLength, KStart = 2, KEnd = 1,
        BatchSize = 4, Epochs = 2, CheckpointEvery = 2,
    };

    private static AutoencoderConfig ModelOf(TrainingOptions options)
        => options.ModelConfig(TcnWtaNative.Midi.Representations.RepresentationKind.Groove, Channels);

    [Test]
    public void EachFrameBecomesTheItemAfterThoseOfTheFramesBeforeIt()
    {
        var bars = Bars();
        var batch = bars.Gather([4, 1, 3]);
        var frames = new float[batch.Values.Length];
        FrameItems.Split(batch.Values, batch.Batch, Channels, Length, FrameLength, frames);
        int perItem = Length / FrameLength;
        for (int b = 0; b < batch.Batch; b++)
        for (int l = 0; l < perItem; l++)
        {
            int item = b * perItem + l, size = Channels * FrameLength;
            Assert.That(frames.AsSpan(item * size, size).ToArray(), Is.EqualTo(batch.Frame(b, l * FrameLength,
                FrameLength)), $"item {item}: frame {l} of batch item {b}");
        }
    }

    [Test]
    public void AnItemNotOfWholeFramesIsRefused()
    {
        var values = new float[2 * Channels * Length];
        Assert.Throws<ArgumentException>(
            () => FrameItems.Split(values, 2, Channels, Length, 5, new float[values.Length]));
    }

    [Test]
    public void OnlyAModelThatLooksAtEachFrameAloneTrainsOnFrames()
    {
        var config = ModelOf(Beats);
        IBatchSource bars = Bars();
        Assert.That(FrameItems.FrameLengthFor(config, bars), Is.EqualTo(FrameLength));
        Assert.That(FrameItems.FrameLengthFor(config with { TcnWidths = [8] }, bars), Is.Null, "a TCN");
        Assert.That(FrameItems.FrameLengthFor(config with { Sparsity = SparsityKind.Spatial }, bars),
            Is.Null, "spatial sparsity: each atom's winner over an item's frames");
        Assert.That(FrameItems.FrameLengthFor(config with { FrameLength = Length }, bars), Is.Null,
            "one frame an item already");
        Assert.That(FrameItems.FrameLengthFor(config with { FrameLength = 5 }, bars), Is.Null,
            "items not of whole frames");
        var longer = new VariableLengthSet(Channels, [Length, 2 * Length], i => new float[Channels * Length * (i + 1)]);
        Assert.That(FrameItems.FrameLengthFor(config, bars, longer), Is.Null, "items of two lengths");
    }

    // the resident set goes up as frames; any batch of it, and the whole set in order, is the host batch's frames
    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void AResidentBatchOfFramesIsTheHostBatchSplit(string device)
    {
        var backend = Open(device);
        try
        {
            var bars = Bars();
            using var resident = new DeviceBatches(backend, bars, resident: true, FrameLength);
            foreach (int[] indices in new[] { new[] { 2, 0, 5 }, [3], [0, 1, 2, 3, 4, 5] })
            {
                var host = bars.Gather(indices);
                var frames = HostFrames(host.Values, host.Batch);
                var batch = resident.Gather(indices);
                string what = $"items {string.Join(",", indices)}";
                Assert.That(batch.Values.HasShape(indices.Length * Length / FrameLength, Channels, FrameLength), what);
                Assert.That(batch.Values.ToHost(backend), Is.EqualTo(frames), what);
                Assert.That(batch.ValidValues, Is.EqualTo(host.ValidValues), what);
                Assert.That(batch.Values.NonZeros, Is.EqualTo(host.Values.LongCount(v => v != 0f)), what);
            }
            Assert.Throws<ArgumentException>(() => new DeviceBatches(backend, bars, resident: false, FrameLength),
                "host batches stay whole");
        }
        finally
        {
            Release(device, backend);
        }
    }

    // noise that adds or drops hits, drawn on a resident batch of frames, is the whole batch's noise split: each item
    // drawn over all its frames, under the same key
    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void NoiseOnABatchOfFramesIsTheWholeBatchsNoiseSplit(string device)
    {
        var backend = Open(device);
        try
        {
            var bars = Bars();
            var noise = new HitNoise(extraRate: 1, dropFraction: 0.3);
            using var whole = new DeviceBatches(backend, bars, resident: true);
            using var frames = new DeviceBatches(backend, bars, resident: true, FrameLength);
            using var wholeNoise = new InputNoise(backend, noise, seed: 5);
            using var framesNoise = new InputNoise(backend, noise, seed: 5);
            foreach (int[] indices in new[] { new[] { 2, 0, 5 }, [3], [0, 1, 2, 3, 4, 5] })
            {
                string what = $"items {string.Join(",", indices)}";
                var wholeBatch = whole.Gather(indices);
                var wholeClean = wholeBatch.Values.ToHost(backend);
                var wholeNoisy = wholeNoise.Corrupt(wholeBatch, epoch: 1, batch: indices.Length).ToHost(backend);
                Assert.That(wholeNoisy, Is.Not.EqualTo(wholeClean), $"{what}: the noise changed nothing");
                var batch = frames.Gather(indices);
                Assert.That(batch.FramesPerItem, Is.EqualTo(Length / FrameLength), what);
                var noisy = framesNoise.Corrupt(batch, epoch: 1, batch: indices.Length);
                Assert.That(noisy.HasShape(indices.Length * Length / FrameLength, Channels, FrameLength), what);
                Assert.That(noisy.ToHost(backend), Is.EqualTo(HostFrames(wholeNoisy, indices.Length)), what);
                Assert.That(batch.Values.ToHost(backend), Is.EqualTo(HostFrames(wholeClean, indices.Length)), what);
            }
        }
        finally
        {
            Release(device, backend);
        }
    }

    // the whole batch [B, C, L*K] as the host splits it into frames
    private static float[] HostFrames(float[] whole, int batch)
    {
        var frames = new float[whole.Length];
        FrameItems.Split(whole, batch, Channels, Length, FrameLength, frames);
        return frames;
    }

    // the same frames, codes and gradients summed in another order: every epoch's losses agree to rounding, the atoms
    // in use are the same, and the model ran on items of one frame; under noise, the same noise on the same bars; with
    // revival after one unused epoch, the same atoms revived from the same worst frames
    [TestCase("cpu", "none")]
    [TestCase("ilgpu-cpu", "none")]
    [TestCase("cpu", "quantize")]
    [TestCase("cpu", "add and drop")]
    [TestCase("ilgpu-cpu", "add and drop")]
    [TestCase("cpu", "revive")]
    [TestCase("ilgpu-cpu", "revive")]
    public void ARunOnFramesIsTheRunOnWholeItemsUpToRounding(string device, string noise)
    {
        var backend = Open(device);
        var options = noise switch
        {
            "quantize" => Beats with { InputQuantize = true },
            "add and drop" => Beats with { InputNoise = 1, InputDrop = 0.3 },
            "revive" => Beats with { ReviveAtomsAfter = 1, Epochs = 4, CheckpointEvery = 4 },
            _ => Beats,
        };
        var data = TrainingDataLoader.Load(options, cache: null);
        // the epochs' rows, and the shape [B, N, L] of the model's last code mask: its batch and frames
        (List<MetricsRow> Rows, (int Batch, int Length) Mask) Train(bool framesAsItems)
        {
            string directory = TempRun();
            try
            {
                using var trainer = new Trainer(options, data, backend, new RunFolder(directory),
                    framesAsItems: framesAsItems);
                var rows = trainer.Run().Metrics;
                return ([.. rows], (trainer.Model.CodeMask.Batch, trainer.Model.CodeMask.Length));
            }
            finally { Directory.Delete(directory, recursive: true); }
        }
        try
        {
            var (whole, wholeShape) = Train(framesAsItems: false);
            var (frames, framesMask) = Train(framesAsItems: true);
            Assert.That(wholeShape.Length, Is.EqualTo(Length / FrameLength), "whole items: four frames each");
            Assert.That(framesMask.Length, Is.EqualTo(1), "items of one frame each");
            Assert.That(framesMask.Batch, Is.EqualTo(wholeShape.Batch * Length / FrameLength));
            Assert.That(frames, Has.Count.EqualTo(options.Epochs));
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                var (a, b) = (whole[epoch], frames[epoch]);
                Assert.That(b.TrainLoss, Is.EqualTo(a.TrainLoss).Within(1e-4).Percent, $"epoch {a.Epoch}");
                Assert.That(b.ValidationLoss!.Value, Is.EqualTo(a.ValidationLoss!.Value).Within(1e-4).Percent,
                    $"epoch {a.Epoch}");
                Assert.That(b.AtomsUsed, Is.EqualTo(a.AtomsUsed), $"epoch {a.Epoch}");
                Assert.That(b.AtomsRevived, Is.EqualTo(a.AtomsRevived), $"epoch {a.Epoch}");
            }
            if (options.ReviveAtomsAfter is not null)
                Assert.That(whole.Sum(row => row.AtomsRevived), Is.GreaterThan(0), "some atom died and was revived");
        }
        finally
        {
            Release(device, backend);
        }
    }
}
