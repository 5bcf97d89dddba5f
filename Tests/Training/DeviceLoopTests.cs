using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Metrics;
using TcnWtaNative.Training.Optimization;
using static TcnWtaNative.Tests.TrainingTests.TestDevices;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Issue 14: a training loop that never waits on the host. Counted by <see cref="CountingBackend"/> on the SIMD CPU
/// backend and on ILGPU's CPU accelerator: after the first epoch over pieces of different lengths nothing is allocated,
/// and an epoch waits for the device a fixed number of times, however many steps it takes. The losses left on the
/// device equal those the per-step path returns. A Groove-shaped run (one-length grids, big batches) with clipping and
/// validation keeps its data, its clip norm and its validation losses on the device too.
/// </summary>
[NonParallelizable]
public class DeviceLoopTests
{
    private static VariableLengthSet Pieces() => new(27, PieceLengths,
        i => RandomTensors.UniformFloat(27 * PieceLengths[i], 100 + i, 0, 1));

    // Groove's shape: bars [27, 16], all of one length, so resident batches are gathered in one op
    private static VariableLengthSet Grids(int count, int seed) => new(27, [.. Enumerable.Repeat(16, count)],
        i => RandomTensors.UniformFloat(27 * 16, seed + i, 0, 1));

    private const int GridBatch = 16, TrainGrids = 64, ValidationGrids = 24;

    // a clip-norm small enough that every step clips
    private static TrainingOptions GrooveOptions() => Options(GridBatch)
        with { ClipNorm = 0.01, ValidationSamples = ValidationGrids };

    private static TrainingData GrooveData(TrainingOptions options)
        => TrainingDataLoader.Load(options, cache: null)
            with { Train = Grids(TrainGrids, 100), Validation = Grids(ValidationGrids, 500) };

    private static TrainingOptions Options(int batchSize) => TrainingPresets.Synthetic with
    {
        Samples = 8, ValidationSamples = 0, Atoms = 8, KStart = 2, KEnd = 1, BatchSize = batchSize, Epochs = 3,
        CheckpointEvery = 3,
    };

    // one piece per step (eight steps of changing length) or all eight in one step; with input noise drawn on the
    // device, its valid lengths going up into a buffer that only grows
    [TestCase("cpu", 1, null)]
    [TestCase("cpu", 0, null)]
    [TestCase("ilgpu-cpu", 1, null)]
    [TestCase("cpu", 0, 1.0)]
    [TestCase("ilgpu-cpu", 0, 1.0)]
    public void AfterTheFirstEpochNothingIsAllocatedAndAnEpochWaitsAFixedNumberOfTimes(string device, int batchSize,
        double? inputNoise)
    {
        var counting = new CountingBackend(Open(device));
        var epochs = new List<(int Allocations, int Synchronizations)>();
        var observer = new EpochCounts(counting, epochs);
        string directory = TempRun();
        try
        {
            var options = Options(batchSize) with { InputNoise = inputNoise };
            var data = TrainingDataLoader.Load(options, cache: null) with { Train = Pieces(), Validation = null };
            using (var trainer = new Trainer(options, data, counting, new RunFolder(directory),
                lossReadbackSteps: LossReadback.DeviceSteps))
                Assert.That(trainer.Run(observer).End, Is.EqualTo(TrainingEnd.Completed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            Release(device, counting);
        }

        Assert.That(epochs, Has.Count.EqualTo(3));
        Assert.That(epochs[0].Allocations, Is.GreaterThan(0), "the first epoch allocates the activations");
        // per epoch: one read of the step losses, one of the atoms' wins, one check that the parameters are finite
        Assert.That(epochs.Skip(1), Has.All.EqualTo((0, 3)),
            $"(allocations, host synchronizations) of epochs 2 and 3 in batches of {batchSize}");
    }

    // denoising training (input noise) draws each batch's noisy grids on the device: nothing more goes up
    [TestCase("cpu", null)]
    [TestCase("ilgpu-cpu", null)]
    [TestCase("cpu", 1.0)]
    [TestCase("ilgpu-cpu", 1.0)]
    public void AGrooveEpochWithClippingAndValidationAllocatesNothingAndWaitsFourTimes(string device,
        double? inputNoise)
    {
        var counting = new CountingBackend(Open(device));
        var epochs = new List<(int Allocations, int Synchronizations)>();
        var uploads = new List<(int Uploads, long Values)>();
        var observer = new EpochCounts(counting, epochs, uploads);
        string directory = TempRun();
        try
        {
            var options = GrooveOptions() with { InputNoise = inputNoise };
            using var trainer = new Trainer(options, GrooveData(options), counting, new RunFolder(directory),
                lossReadbackSteps: LossReadback.DeviceSteps, residentData: true);
            Assert.That(trainer.Run(observer).End, Is.EqualTo(TrainingEnd.Completed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            Release(device, counting);
        }

        Assert.That(epochs, Has.Count.EqualTo(3));
        // per epoch: the step losses, the atoms' wins, the finite-parameter check and the validation losses, one read
        // each
        Assert.That(epochs.Skip(1), Has.All.EqualTo((0, 4)), "(allocations, host synchronizations) of epochs 2 and 3");
        // what still goes up: each batch's item indices (4 training, 2 validation), nothing else (no clean grids, no
        // clip norm, no noisy grids)
        int batches = TrainGrids / GridBatch + (ValidationGrids + GridBatch - 1) / GridBatch;
        Assert.That(uploads.Skip(1), Has.All.EqualTo((batches, (long)(TrainGrids + ValidationGrids))),
            "(uploads, values) of epochs 2 and 3");
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void AGrooveRunOnTheDeviceLoopEqualsThePerStepPath(string device)
    {
        var backend = Open(device);
        try
        {
            var options = GrooveOptions();
            var data = GrooveData(options);
            (object[] Metrics, List<float> Steps) Train(bool deviceLoop)
            {
                string directory = TempRun();
                var steps = new List<float>();
                try
                {
                    using var trainer = new Trainer(options, data, backend, new RunFolder(directory),
                        lossReadbackSteps: deviceLoop ? LossReadback.DeviceSteps : 1, residentData: deviceLoop);
                    var outcome = trainer.Run(new HookObserver(onStep: step => steps.Add(step.Loss)));
                    return (Losses(outcome.Metrics), steps);
                }
                finally { Directory.Delete(directory, recursive: true); }
            }
            var perStep = Train(deviceLoop: false);
            var deviceLoop = Train(deviceLoop: true);

            Assert.That(deviceLoop.Steps, Has.Count.EqualTo(3 * TrainGrids / GridBatch));
            Assert.That(deviceLoop.Steps, device == "cpu" ? Is.EqualTo(perStep.Steps)
                : Is.EqualTo(perStep.Steps).Within(1e-6f));
            if (device == "cpu") Assert.That(deviceLoop.Metrics, Is.EqualTo(perStep.Metrics),
                "train and validation losses per epoch");
        }
        finally
        {
            Release(device, backend);
        }
    }

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void LossesLeftOnTheDeviceEqualThoseOfThePerStepPath(string device)
    {
        var backend = Open(device);
        try
        {
            var config = new AutoencoderConfig { InputChannels = 27, Atoms = 8, FrameLength = 16, TopK = 2 };
            using var perStep = new TwinModel(backend, config);
            using var deferred = new TwinModel(backend, config);
            using var readback = new LossReadback(backend, LossReadback.DeviceSteps);
            var pieces = Pieces();
            var returned = new List<float>();
            Tensor? batch = null;
            foreach (int[] items in new[] { new[] { 0, 1 }, [2], [3, 4, 5], [6, 7], [1, 2] })
            {
                var host = pieces.Gather(items);
                var input = Activations.Ensure(backend, ref batch, host.Batch, host.Channels, host.Length);
                backend.Upload(host.Values, input.Buffer);
                returned.Add(perStep.Step.Run(input, host.ValidLengths));
                deferred.Step.RunWithDeviceLoss(input, host.ValidLengths, readback.NextSlot);
                readback.Add(
                    new PendingStep(
                        new StepReport(1, returned.Count, 5, float.NaN, 2, host.Batch, host.Values.Length, 0),
                        host.ValidValues, 0, 0));
            }
            batch?.Dispose();
            var read = readback.Read().Select(step => step.Loss).ToArray();

            // on the CPU the same float; on a device the loss's partial sums are added in float there, in double on the
            // host
            Assert.That(read, device == "cpu" ? Is.EqualTo(returned) : Is.EqualTo(returned).Within(1e-6f));
            Assert.That(deferred.Parameters(), Is.EqualTo(perStep.Parameters()),
                "the same gradients, so the same parameters after five steps");
        }
        finally
        {
            Release(device, backend);
        }
    }

    [Test]
    public void ReadingEveryStepOrEvery32GivesTheSameRun()
    {
        using var backend = new CpuBackend();
        var options = Options(batchSize: 2);
        var data = TrainingDataLoader.Load(options, cache: null) with { Train = Pieces(), Validation = null };
        (List<MetricsRow> Metrics, List<float> Steps) Train(int readbackSteps)
        {
            string directory = TempRun();
            var steps = new List<float>();
            try
            {
                using var trainer = new Trainer(options, data, backend, new RunFolder(directory),
                    lossReadbackSteps: readbackSteps);
                var outcome = trainer.Run(new HookObserver(onStep: step => steps.Add(step.Loss)));
                return ([.. outcome.Metrics], steps);
            }
            finally { Directory.Delete(directory, recursive: true); }
        }
        var everyStep = Train(1);
        var batched = Train(LossReadback.DeviceSteps);

        Assert.That(batched.Steps, Has.Count.EqualTo(3 * 4));
        Assert.That(batched.Steps, Is.EqualTo(everyStep.Steps));
        Assert.That(Losses(batched.Metrics), Is.EqualTo(Losses(everyStep.Metrics)));
    }

    // a model, its optimizer and a training step, seeded alike
    private sealed class TwinModel : IDisposable
    {
        private readonly Autoencoder _model;
        private readonly AdamOptimizer _optimizer;

        public TwinModel(IComputeBackend backend, AutoencoderConfig config)
        {
            _model = new Autoencoder(config, backend, seed: 5);
            _optimizer = new AdamOptimizer(backend, _model.Parameters, new AdamSettings(LearningRate: 1e-2f));
            Step = new TrainingStep(_model, _optimizer);
        }

        public TrainingStep Step { get; }

        public float[] Parameters()
        {
            var values = new float[_model.Parameters.TotalCount];
            _model.Backend.Download(_model.Parameters.Values, values);
            return values;
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
        }
    }

    // per epoch, the allocations and host synchronizations (and, when asked, the uploads) counted since the last one
    private sealed class EpochCounts(CountingBackend counting, List<(int, int)> epochs,
        List<(int, long)>? uploads = null) : ITrainingObserver
    {
        public void Started(TrainingPlan plan) { }
        public void StepDone(StepReport step) { }

        public void EpochDone(MetricsRow row)
        {
            epochs.Add((counting.Allocations, counting.HostSynchronizations));
            uploads?.Add((counting.Uploads, counting.UploadedValues));
            counting.Reset();
        }

        public void CheckpointSaved(string path, int completedEpochs) { }
    }
}
