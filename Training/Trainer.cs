using System.Diagnostics;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Metrics;
using TcnWtaNative.Training.Optimization;
using TcnWtaNative.Training.Revival;

namespace TcnWtaNative.Training;

/// <summary>
/// The training loop: per epoch, k and the learning rate from their schedules, a seeded shuffle of the training
/// set into batches, one <see cref="TrainingStep"/> per batch (its winners counted by <see cref="DeadAtomRevival"/>,
/// its loss left on the device and read back with those of other steps by <see cref="LossReadback"/>, so steps do not
/// wait on the host; under denoising training the encoder sees the batch with <see cref="InputNoise"/>'s noise
/// and the loss compares with the clean batch), then the revival of dead atoms when asked for, the validation loss
/// (<see cref="ValidationPass"/>: one wait per pass), a metrics row, and a checkpoint every N epochs and at the end.
/// Cancelling finishes the current step, saves and stops (cancelling a fresh run's atom initializer finishes its
/// current round, and the run saves the atoms it left, <see cref="SaveStoppedInitializer"/>); a NaN or infinite loss
/// (or parameter) stops without saving, so the last good checkpoint stays. Resuming from a checkpoint continues exactly
/// where it stopped: on the CPU the losses match an uninterrupted run bit for bit.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly TrainingData _data;
    private readonly RunFolder _run;
    private readonly AdamOptimizer _optimizer;
    private readonly TrainingStep _step;
    private readonly List<MetricsRow> _metrics;
    private readonly DeadAtomRevival _revival;
    private readonly LossReadback _losses;
    private readonly DeviceBatches _batches;
    private readonly InputNoise? _inputNoise;
    private readonly ValidationPass? _validation;
    private readonly StagedRunFiles _files;
    private TrainingState _state;
    private int? _savedEpochs;
    private readonly double _initializationSeconds;
    private readonly bool _residentTrain;
    private readonly int? _frameLength;   // resident sets' items train as their frames of this length (FrameItems)

    /// <summary>The model being trained.</summary>
    public Autoencoder Model { get; }

    /// <summary>
    /// Whether this session has put its config.json and metrics.csv in the run folder, which it does once it has saved
    /// a checkpoint (<see cref="StagedRunFiles"/>); until then the folder holds nothing of it.
    /// </summary>
    public bool RunFilesPlaced => _files.Placed;

    /// <summary>
    /// A new run (resume null: a fresh model) or the continuation of a checkpoint; nothing in the run folder is written
    /// until <see cref="Run"/> saves the session's first checkpoint, so a run refused here or stopped before that
    /// leaves an old one's files as they were. Warnings
    /// (a torn last metrics row skipped) go to <paramref name="warn"/>. Step losses are read back from the device every
    /// <paramref name="lossReadbackSteps"/> steps (default <see cref="LossReadback.StepsFor"/> the backend), and the
    /// training and validation sets are uploaded once and batched on the device when <paramref name="residentData"/>
    /// (default, per set, <see cref="ResidentBatches.ByDefault"/>): the results depend on neither. A resident set's
    /// items of several frames train as their frames where <see cref="FrameItems.FrameLengthFor"/> allows it, unless
    /// <paramref name="framesAsItems"/> is false: the same sums in another order. A fresh model's atom initializer
    /// tells <paramref name="initializing"/> of its progress (stages as <see cref="InitializerStages"/> numbers them),
    /// and stops at the end of its current seed or round once <paramref name="stopInitializer"/> is cancelled, leaving
    /// whole atoms that <see cref="Run"/> saves.
    /// </summary>
    public Trainer(TrainingOptions options, TrainingData data, IComputeBackend backend, RunFolder run,
        ResumePoint? resume = null,
        Action<string>? warn = null, int? lossReadbackSteps = null, bool? residentData = null,
        Action<InitializationReport>? initializing = null, CancellationToken stopInitializer = default,
        bool framesAsItems = true)
    {
        options.Validate();
        (_options, _data, _run) = (options, data, run);
        var config = resume?.Model.Config ?? options.ModelConfig(data.Representation.Kind, data.Train.Channels);
        IBatchSource[] sets = data.Validation is null ? [data.Train] : [data.Train, data.Validation];
        int LargestBatch(IBatchSource set) => options.BatchSize <= 0 ? set.Count
            : Math.Min(options.BatchSize, set.Count);
        int largestBatch = sets.Max(LargestBatch);
        ModelLimits.CheckBatch(config, largestBatch,
            sets.SelectMany(set => Enumerable.Range(0, set.Count).Select(set.LengthOf)).DefaultIfEmpty(0).Max());
        TrainingMemory.Check(config, data.Train, data.Validation, options.BatchSize, backend.MemoryBytes, backend.Name);
        Model = resume?.Model ?? new Autoencoder(config, backend, options.Seed);
        if (Model.Config.InputChannels != data.Train.Channels)
            throw new ArgumentException(
                $"the model takes {Model.Config.InputChannels} channels, the training data has {data.Train.Channels}");
        _optimizer = new AdamOptimizer(backend, Model.Parameters, options.AdamSettings(options.LearningRate));
        _step = new TrainingStep(Model, _optimizer, options.ClipNorm, options.UnitNormAtoms, options.TieEncoder);
        if (resume is null)
        {
            var initialization = Stopwatch.StartNew();
            var stages = new InitializerStages(InitializerStages.CountFor(options.InitAtoms),
                initializing ?? (_ => { }));
            AtomInitializer.Apply(Model, options, data.Train, stages, stopInitializer);
            if (options.TieEncoder) Model.TieEncoderToAtoms();
            _state = TrainingState.Start(options.Seed, options.KStart, options.LearningRate) with
            {
                InitializerStopped = stopInitializer.IsCancellationRequested
                    ? stages.StoppedShort(TrainingOptions.OptionsName(options.InitAtoms)) : null,
            };
            _initializationSeconds = initialization.Elapsed.TotalSeconds;
            _metrics = [];
        }
        else
        {
            _optimizer.Restore(resume.State.OptimizerStep, resume.FirstMoment, resume.SecondMoment);
            _state = resume.State;
            _savedEpochs = resume.State.CompletedEpochs;
            _metrics = File.Exists(run.Metrics)
                ? MetricsCsv.ReadThrough(run.Metrics, _state.CompletedEpochs, warn ?? (_ => { }))
                : [];
        }
        _revival = new DeadAtomRevival(Model, _optimizer, options.ReviveAtomsAfter,
            options.UnitNormAtoms || options.TieEncoder, options.Seed,
            _state.Atoms ?? AtomActivity.Start(Model.Config.Atoms));
        _losses = new LossReadback(backend, lossReadbackSteps ?? LossReadback.StepsFor(backend));
        bool Resident(IBatchSource set) => residentData ?? ResidentBatches.ByDefault(backend, set, LargestBatch(set));
        _residentTrain = Resident(data.Train);
        _frameLength = framesAsItems ? FrameItems.FrameLengthFor(Model.Config, sets) : null;
        _batches = new DeviceBatches(backend, data.Train, _residentTrain, FramesIf(_residentTrain));
        if (options.TrainingNoise is { } noise) _inputNoise = new InputNoise(backend, noise, options.Seed);
        _files = new StagedRunFiles(run, options.ToJson(), fresh: resume is null);
        if (data.Validation is { } validation) _validation = new ValidationPass(backend, validation, options.BatchSize,
            Resident(validation), options.TrainingNoise, options.Seed, FramesIf(Resident(validation)));
    }

    /// <summary>
    /// Trains until the last epoch, a cancellation, or a NaN. Writes metrics.csv (the kept rows and those since) and
    /// config.json with the first checkpoint it saves, then appends a row per epoch; when no epoch is left to run,
    /// writes nothing and returns Completed with no rows. A fresh run of 0 epochs saves
    /// the model as its atom initializer left it, with an "epoch 0" metrics row (<see cref="SaveInitialized"/>); one
    /// whose initializer was stopped saves its atoms and returns Interrupted (<see cref="SaveStoppedInitializer"/>).
    /// </summary>
    public TrainingOutcome Run(ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        if (_savedEpochs is null && _state.InitializerStopped is { } stop)
            return SaveStoppedInitializer(observer, stop);
        if (_options.Epochs == 0 && _savedEpochs is null) return SaveInitialized(observer, cancel);
        if (_state.Epoch >= _options.Epochs)
        {
            string message = $"{_run.Model} holds {_state.Epoch} trained epochs, --epochs is {_options.Epochs}";
            return new TrainingOutcome(TrainingEnd.Completed, message, []);
        }
        var kSchedule = _options.TopKSchedule();
        var rates = _options.LearningRates();
        var session = Stopwatch.StartNew();
        double secondsBefore = _state.Seconds;
        double Seconds() => secondsBefore + session.Elapsed.TotalSeconds;
        int batchesPerEpoch = BatchPlan.Of(_data.Train.Count, _options.BatchSize, null).Count;
        observer?.Started(
            new TrainingPlan(_options.Epochs, batchesPerEpoch, _state.Epoch, _state.Batch,
            Model.Parameters.TotalCount, FirstCheckpointEpoch()));
        // the revival the last session's final epoch deferred, counted in this session's first metrics row
        _revival.ReviveDeferred(_state.Epoch - 1, _data.Train);
        for (int epoch = _state.Epoch; epoch < _options.Epochs; epoch++)
        {
            int k = kSchedule.At(epoch);
            float rate = rates.At(epoch);
            if (Model.Config.Sparsity == SparsityKind.ChannelTopK) Model.TopK = k;
            _optimizer.Settings = _options.AdamSettings(rate);
            var plan = BatchPlan.Of(_data.Train.Count, _options.BatchSize,
                TrainingState.ShuffleOf(_state.ShuffleSeed, epoch));
            var epochClock = Stopwatch.StartNew();
            int firstBatch = _state.Batch;
            for (int b = firstBatch; b < plan.Count; b++)
            {
                if (_options.MaxEpochSeconds is double cap && b > firstBatch && epochClock.Elapsed.TotalSeconds >= cap)
                    break;
                var (clean, noisy) = TrainingBatch(plan[b], epoch, b);
                var (input, validLengths, validValues, _) = clean;
                _step.RunWithDeviceLoss(noisy ?? input, validLengths, _losses.NextSlot,
                    target: noisy is null ? null : input);
                _revival.AfterStep(input, plan[b], validLengths);
                var report = new StepReport(epoch + 1, b + 1, plan.Count, float.NaN, k, plan[b].Length,
                    (long)input.Batch * input.Length, session.Elapsed.TotalSeconds);
                _losses.Add(new PendingStep(report, validValues, _optimizer.Step, Seconds()));
                // read when the slots are full or a stop is asked for (the observer that hears the steps may ask for
                // it)
                if ((_losses.IsFull || cancel.IsCancellationRequested)
                    && ReadLosses(observer, rate) is { } divergedEarlier) return divergedEarlier;
                if (cancel.IsCancellationRequested && b + 1 < plan.Count)
                    return Interrupt(observer, $"epoch {epoch + 1}, batch {b + 1} of {plan.Count}");
            }
            if (ReadLosses(observer, rate) is { } diverged) return diverged;
            var atoms = _revival.EndEpoch(epoch, _data.Train, lastEpoch: epoch + 1 == _options.Epochs);
            double? validation = _validation?.Run(Model);
            if (validation is double v && !double.IsFinite(v))
                return Diverged($"the validation loss is {v} after epoch {epoch + 1}");
            if (!ParametersAreLoadable())
                return Diverged($"the parameters {Unloadable} after epoch {epoch + 1}");
            var row = new MetricsRow(epoch + 1, _optimizer.Step,
                _state.EpochLossSum / Math.Max(1, _state.EpochLossWeight), validation, k, rate, Seconds(),
                atoms.Used, atoms.Revived);
            _metrics.Add(row);
            _files.Append(row);
            _state = _state with { Epoch = epoch + 1, Batch = 0, EpochLossSum = 0, EpochLossWeight = 0,
                Seconds = row.Seconds };
            observer?.EpochDone(row);
            if (cancel.IsCancellationRequested && epoch + 1 < _options.Epochs)
                return Interrupt(observer, $"the end of epoch {epoch + 1}");
            if ((epoch + 1) % _options.CheckpointEvery == 0 || epoch + 1 == _options.Epochs) Save(observer);
        }
        return new TrainingOutcome(TrainingEnd.Completed,
            $"trained {_options.Epochs} epochs; the model is in {_run.Model}", _metrics);
    }

    /// <summary>
    /// --epochs 0: the model as its atom initializer fit it, saved first, then given one metrics row, epoch 0, holding
    /// its loss on the training set and on the validation set at k_start (the seconds are the initializer's and these
    /// passes'), so a user sees what the initializer reached; a later --resume trains on from it. The passes run the
    /// model over every window of both splits and can outlast the initializer: a stop asked for during them ends the
    /// run Interrupted, the atoms kept, with no metrics row.
    /// </summary>
    // the first epoch (from 1) this session saves after: the next multiple of --checkpoint-every, or the last epoch
    private int FirstCheckpointEpoch()
        => Math.Min(_options.Epochs, (_state.Epoch / _options.CheckpointEvery + 1) * _options.CheckpointEvery);

    private TrainingOutcome SaveInitialized(ITrainingObserver? observer, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        if (!ParametersAreLoadable()) return Diverged($"the initialized parameters {Unloadable}");
        observer?.Started(new TrainingPlan(0, 0, 0, 0, Model.Parameters.TotalCount, 0));
        _state = _state with { Seconds = _initializationSeconds };
        Save(observer);
        string kept = $"{_run.Model} holds the atoms --init-atoms {TrainingOptions.OptionsName(_options.InitAtoms)} "
            + "fit, with no epoch-0 metrics row";
        double train;
        double? validation;
        try
        {
            using (var trainPass = new ValidationPass(Model.Backend, _data.Train, _options.BatchSize, _residentTrain,
                _options.TrainingNoise, _options.Seed, FramesIf(_residentTrain)))
                train = trainPass.Run(Model, cancel);
            validation = _validation?.Run(Model, cancel);
        }
        catch (OperationCanceledException)
        {
            return new TrainingOutcome(TrainingEnd.Interrupted,
                $"interrupted while measuring the initialized model's loss; {kept}; {ResumeHint}", _metrics);
        }
        if (!double.IsFinite(train) || validation is double v && !double.IsFinite(v))
            return new TrainingOutcome(TrainingEnd.Diverged,
                $"the initialized model's loss is {train} on train and {validation} on validation; {kept}", _metrics);
        var row = new MetricsRow(0, 0, train, validation, Model.TopK, _options.LearningRate,
            _initializationSeconds + clock.Elapsed.TotalSeconds);
        _metrics.Add(row);
        _files.Append(row);
        _state = _state with { Seconds = row.Seconds };
        observer?.EpochDone(row);
        Save(observer: null); // the same weights again, with the state's seconds now counting the passes
        return new TrainingOutcome(TrainingEnd.Completed,
            $"fit the atoms by --init-atoms {TrainingOptions.OptionsName(_options.InitAtoms)} alone (0 epochs); the "
            + $"model is in {_run.Model}",
            _metrics);
    }

    /// <summary>
    /// A fresh run whose atom initializer was stopped short: the model as the initializer left it (whole atoms: the
    /// seeds or the last round's), saved with the state of epoch 0 and no metrics row, so no loss pass delays the exit.
    /// A later --resume trains its --epochs from these atoms; it does not continue the initializer.
    /// </summary>
    private TrainingOutcome SaveStoppedInitializer(ITrainingObserver? observer, InitializerStop stop)
    {
        if (!ParametersAreLoadable()) return Diverged($"the parameters {Unloadable} ({stop.Describe()})");
        _state = _state with { Seconds = _initializationSeconds };
        Save(observer);
        return new TrainingOutcome(TrainingEnd.Interrupted,
            $"interrupted in the atom initializer: {stop.Describe()}; saved {_run.Model} with the atoms it left; "
            + ResumeHint, _metrics);
    }

    // how a run whose saved atoms were not trained goes on from them
    private string ResumeHint => $"train from them with: tcnwta train --out {_run.Directory} --resume --epochs N";

    // The losses still on the device, step by step: the first non-finite one stops the run (nothing is saved, so the
    // steps taken after it on the device are dropped); the others go into the state and to the observer. Null when all
    // are finite.
    private TrainingOutcome? ReadLosses(ITrainingObserver? observer, float rate)
    {
        foreach (var (step, loss) in _losses.Read())
        {
            var report = step.Report;
            if (!float.IsFinite(loss))
                return Diverged(
                    $"the training loss is {loss} at epoch {report.Epoch}, batch {report.Batch} of {report.Batches}");
            _state = _state with
            {
                Batch = report.Batch, OptimizerStep = step.OptimizerStep, Seconds = step.Seconds, TopK = report.K,
                LearningRate = rate,
                EpochLossSum = _state.EpochLossSum + (double)loss * step.ValidValues,
                EpochLossWeight = _state.EpochLossWeight + step.ValidValues,
            };
            observer?.StepDone(report with { Loss = loss });
        }
        return null;
    }

    private TrainingOutcome Interrupt(ITrainingObserver? observer, string where)
    {
        if (!ParametersAreLoadable()) return Diverged($"the parameters {Unloadable} at {where}");
        Save(observer);
        return new TrainingOutcome(TrainingEnd.Interrupted,
            $"interrupted at {where}; saved {_run.Model}; continue with: tcnwta train --out {_run.Directory} --resume",
            _metrics);
    }

    private TrainingOutcome Diverged(string what)
    {
        string kept = _savedEpochs is int epochs
            ? $"{_run.Model} still holds the last good checkpoint (after epoch {epochs})"
            : "no checkpoint had been written yet, and --out holds nothing of this run";
        return new TrainingOutcome(TrainingEnd.Diverged,
            $"training diverged: {what}; stopped without saving, so {kept}; try a lower --learning-rate or --clip-norm",
            _metrics);
    }

    private void Save(ITrainingObserver? observer)
    {
        _files.SaveCheckpoint(TrainingCheckpoint.Files(_run.Model, Model, _optimizer,
            _state with { Atoms = _revival.Snapshot() }, _options, _data.Representation), _metrics);
        _savedEpochs = _state.CompletedEpochs;
        observer?.CheckpointSaved(_run.Model, _state.CompletedEpochs);
    }

    // the batch's items on the device, and in denoising training their copy with this (epoch, batch)'s noise, drawn
    // there (null otherwise)
    private (DeviceBatch Clean, Tensor? Noisy) TrainingBatch(IReadOnlyList<int> items, int epoch, int batch)
    {
        var clean = _batches.Gather(items);
        return (clean, _inputNoise?.Corrupt(clean, epoch, batch));
    }

    // the frame length a set goes up in: a resident set's, where its items train as frames
    private int? FramesIf(bool resident) => resident ? _frameLength : null;

    private const string Unloadable = "hold NaN, infinite or overflowing values";

    // finite, and within the magnitude a model file may hold (their norm bounds every one), so what is saved loads
    private bool ParametersAreLoadable()
        => Model.Backend.SumOfSquares(Model.Parameters.Values) is var sum && double.IsFinite(sum)
            && Math.Sqrt(sum) <= ModelCheckpoint.MaxWeightMagnitude;

    public void Dispose()
    {
        _losses.Dispose();
        _batches.Dispose();
        _inputNoise?.Dispose();
        _validation?.Dispose();
        _revival.Dispose();
        _optimizer.Dispose();
        Model.Dispose();
    }
}
