using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Metrics;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Issue 14: a training set uploaded once and batched on the device. Event pieces go up as ids and are expanded to
/// one-hot there; any other set goes up as its values. A resident batch is the batch the set gathers on the host, and a
/// run on resident data is the run on host batches, with a small fraction of the uploads.
/// </summary>
[NonParallelizable]
public class ResidentBatchesTests
{
    private static EventPieceSet EventPieces() => new([.. PieceLengths.Select((length, i) =>
        RandomTensors.UniformFloat(length, 200 + i, 0, 388).Select(value => (short)value).ToArray())]);

    // items of one length: batches are gathered in one op
    private static VariableLengthSet Grids() => new(27, [.. Enumerable.Repeat(16, 8)],
        i => RandomTensors.UniformFloat(27 * 16, 400 + i));

    private static VariableLengthSet DensePieces()
        => new(5, PieceLengths, i => RandomTensors.UniformFloat(5 * PieceLengths[i], 300 + i));

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void AResidentBatchIsTheHostBatch(string device)
    {
        var backend = Open(device);
        try
        {
            foreach (IBatchSource set in new IBatchSource[] { EventPieces(), DensePieces(), Grids() })
            {
                using var resident = new ResidentBatches(backend, set);
                foreach (int[] indices in new[] { new[] { 2, 0, 5 }, [3], [7, 7], [1, 4, 6, 3] })
                {
                    var host = set.Gather(indices);
                    var onDevice = resident.Gather(indices);
                    string what = $"items {string.Join(",", indices)} of a {set.GetType().Name}";
                    Assert.That(onDevice.Values.HasShape(host.Batch, host.Channels, host.Length), what);
                    Assert.That(onDevice.Values.ToHost(backend), Is.EqualTo(host.Values), what);
                    Assert.That(onDevice.ValidLengths, Is.EqualTo(host.ValidLengths), what);
                    Assert.That(onDevice.ValidValues, Is.EqualTo(host.ValidValues), what);
                    Assert.That(onDevice.Values.NonZeros, Is.EqualTo(host.Values.LongCount(v => v != 0f)),
                        $"{what}: its non-zeros, from its items' counted on the way up");
                    Assert.That(NonZeroShare.SparsenessOf(onDevice.Values.NonZeros!.Value, host.Values.Length),
                        Is.EqualTo(set is EventPieceSet ? Sparseness.Sparse : Sparseness.Dense),
                        $"{what}: one-hot events are sparse, the other sets' values are not");
                }
            }
        }
        finally
        {
            Release(device, backend);
        }
    }

    // a full-batch epoch or a validation pass in one batch: the set's own values, with nothing allocated, uploaded or
    // copied; any other batch of the set still comes as its own copy, and leaves the set as it was
    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void EveryItemInTheSetsOrderIsTheResidentSetItself(string device)
    {
        var counting = new CountingBackend(Open(device));
        try
        {
            var set = Grids();
            int[] everyItem = [.. Enumerable.Range(0, set.Count)];
            using var resident = new ResidentBatches(counting, set);
            counting.Reset();
            var whole = resident.Gather(everyItem);
            // a first gather of a copy allocates its batch and its indices and uploads the indices
            Assert.That((counting.Allocations, counting.Uploads), Is.EqualTo((0, 0)),
                "allocations and uploads for the whole set in order");
            Assert.That(resident.Gather(everyItem).Values, Is.SameAs(whole.Values));
            Assert.That(whole.Values.ToHost(counting), Is.EqualTo(set.Gather(everyItem).Values));
            Assert.That((whole.ValidLengths, whole.ValidValues),
                Is.EqualTo(((int[]?)null, (long)set.Count * set.Channels * set.LengthOf(0))));

            int[] reversed = [.. everyItem.Reverse()];
            var shuffled = resident.Gather(reversed);
            Assert.That(shuffled.Values, Is.Not.SameAs(whole.Values), "another order is a copy");
            Assert.That(shuffled.Values.ToHost(counting), Is.EqualTo(set.Gather(reversed).Values));
            Assert.That(resident.Gather(everyItem).Values.ToHost(counting), Is.EqualTo(set.Gather(everyItem).Values),
                "the set after a copy of it in another order");
        }
        finally
        {
            Release(device, counting);
        }
    }

    // full-batch epochs over the set itself read it, never write it: the run on resident data is the run on uploads
    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void FullBatchEpochsOverTheResidentSetTrainAsUploadedBatches(string device)
    {
        var backend = Open(device);
        var options = TrainingPresets.Synthetic with
        {
            Samples = 8, ValidationSamples = 0, Atoms = 8, KStart = 2, KEnd = 1, BatchSize = 0, Epochs = 3,
            CheckpointEvery = 3,
        };
        var data = TrainingDataLoader.Load(options, cache: null) with { Train = Grids(), Validation = Grids() };
        List<MetricsRow> Train(bool resident)
        {
            string directory = TempRun();
            try
            {
                using var trainer = new Trainer(options, data, backend, new RunFolder(directory),
                    residentData: resident);
                return [.. trainer.Run().Metrics];
            }
            finally { Directory.Delete(directory, recursive: true); }
        }
        try
        {
            var uploaded = Train(resident: false);
            var resident = Train(resident: true);
            Assert.That(Losses(resident), Is.EqualTo(Losses(uploaded)));
            Assert.That(resident.Select(row => row.ValidationLoss),
                Is.EqualTo(uploaded.Select(row => row.ValidationLoss)));
        }
        finally
        {
            Release(device, backend);
        }
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void ResidentEventPiecesTrainAsHostBatchesWithAFractionOfTheUploads(string device)
    {
        var counting = new CountingBackend(Open(device));
        var options = TrainingPresets.Synthetic with
        {
            Samples = 8, ValidationSamples = 0, Atoms = 8, KStart = 2, KEnd = 1, BatchSize = 2, Epochs = 2,
            CheckpointEvery = 2,
        };
        var data = TrainingDataLoader.Load(options, cache: null) with { Train = EventPieces(), Validation = null };
        (List<MetricsRow> Metrics, long SecondEpochUploads) Train(bool resident)
        {
            string directory = TempRun();
            long uploads = 0;
            var observer = new HookObserver(onStep: step =>
            {
                if (step.Epoch == 1 && step.Batch == step.Batches) counting.Reset();
                if (step.Epoch == 2) uploads = counting.UploadedValues;
            });
            try
            {
                using var trainer = new Trainer(options, data, counting, new RunFolder(directory),
                    residentData: resident);
                return ([.. trainer.Run(observer).Metrics], uploads);
            }
            finally { Directory.Delete(directory, recursive: true); }
        }
        try
        {
            var onHost = Train(resident: false);
            var resident = Train(resident: true);

            Assert.That(Losses(resident.Metrics), Is.EqualTo(Losses(onHost.Metrics)));
            // what still goes up each step is the time mask [B, T] of padded batches, 388 times smaller than a one-hot
            // batch
            Assert.That(resident.SecondEpochUploads, Is.GreaterThan(0).And.LessThan(onHost.SecondEpochUploads / 100),
                "values uploaded in the second epoch, resident against host batches");
        }
        finally
        {
            Release(device, counting);
        }
    }

    // a device keeps every set resident; the host's backends the set of one length and event pieces (their ids,
    // expanded into a reused tensor), not other pieces of many lengths; neither pieces of many lengths in batches of
    // over 64 (a row copy per item), and neither batch their loss reads; any decorator (the counting backend) as the
    // backend it wraps
    [TestCase("cpu", false, 1)]
    [TestCase("ilgpu-cpu", true, LossReadback.DeviceSteps)]
    public void WhatADeviceKeepsResidentAndHowOftenItReadsLossesFollowTheBackendBehindAnyDecorator(string device,
        bool piecesResident, int lossSteps)
    {
        var backend = Open(device);
        try
        {
            foreach (var seen in new[] { backend, new CountingBackend(backend), new ProfilingBackend(backend) })
            {
                Assert.That(ResidentBatches.ByDefault(seen, Grids(), largestBatch: 4), Is.True, seen.GetType().Name);
                Assert.That(ResidentBatches.ByDefault(seen, DensePieces(), largestBatch: 4), Is.EqualTo(piecesResident),
                    seen.GetType().Name);
                Assert.That(ResidentBatches.ByDefault(seen, EventPieces(), largestBatch: 4), Is.True,
                    seen.GetType().Name);
                Assert.That(
                    ResidentBatches.ByDefault(seen, EventPieces(), largestBatch: ResidentBatches.MaxDefaultBatch + 1),
                    Is.False, seen.GetType().Name);
                Assert.That(LossReadback.StepsFor(seen), Is.EqualTo(lossSteps), seen.GetType().Name);
            }
        }
        finally { Release(device, backend); }
    }

    // in host memory, a one-length set larger than the cap stays in its items
    [Test]
    public void TheHostKeepsNoSecondCopyOfALargeSet()
    {
        var backend = Open("cpu");
        try
        {
            int items = (int)(ResidentBatches.MaxHostValues / (27 * 16)) + 1;
            var large = new VariableLengthSet(27, [.. Enumerable.Repeat(16, items)], _ => new float[27 * 16]);
            Assert.That(ResidentBatches.ByDefault(backend, large, largestBatch: 4), Is.False);
        }
        finally { Release("cpu", backend); }
    }
}
