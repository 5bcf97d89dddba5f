using System.CommandLine;
using System.Text.Json.Nodes;
using TcnWtaNative.Cli.Plots;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Initialization;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// `tcnwta train --dataset groove|maestro|synthetic --data DIR --preset P [--config FILE.json] [--device D]
/// [--epochs N] [...] --out runs/NAME`: resolves the options (preset, then the JSON file, then the flags), trains
/// with a progress display, and leaves model.safetensors, model.state.safetensors, metrics.csv, loss.png and
/// config.json in the run folder, which it holds with a <see cref="RunLock"/> from the start, so a second run there is
/// refused. Once training has begun, Ctrl-C or SIGTERM finishes the current step, saves and exits 130 or 143; in the
/// atom initializer it finishes the current seed or round and saves the atoms it left (before that, while the data
/// loads, it exits at once: there is nothing to save yet); `--resume` continues a run, taking the same command back
/// (<see cref="ResumedOptions"/>); a NaN exits 1 and keeps the last good checkpoint. config.json and metrics.csv come
/// with the session's first checkpoint (<see cref="StagedRunFiles"/>), so a run that stops before it leaves --out as
/// it found it; a fresh run refuses an --out holding any run file unless --overwrite replaces it.
/// </summary>
public static class TrainCommand
{
    private const string StepNotice = "interrupted: finishing the current step, then saving a checkpoint (signal "
        + "again to quit without saving)";
    private const string InitializerNotice = "interrupted: finishing the atom initializer's current round, then saving "
        + "the atoms it leaves (signal again to quit without saving)";

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "What to train on: synthetic, groove or maestro (default: the preset's)",
        };
        dataset.AcceptOnlyChoices("synthetic", "groove", "maestro");
        var preset = new Option<string>("--preset")
        {
            Description = $"Starting options: {string.Join(", ", TrainingPresets.ByName.Keys)} (default: "
                + $"{TrainingPresets.DefaultFor(DatasetKind.Groove)} for groove, "
                + $"{TrainingPresets.DefaultFor(DatasetKind.Maestro)} for maestro, synthetic otherwise)",
        };
        preset.AcceptOnlyChoices([.. TrainingPresets.ByName.Keys]);
        var config = new Option<string>("--config")
        {
            Description = "A JSON file of training options (snake_case keys, e.g. {\"epochs\": 50}); it overrides the "
                + "preset and the flags override it",
        };
        var output = new Option<string>("--out")
        {
            Description = "The run folder (model.safetensors, model.state.safetensors, "
                + "metrics.csv, loss.png, config.json)", Required = true,
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "Continue the run in --out from its model.safetensors and model.state.safetensors where "
                + "it stopped; the original "
                + "command with --resume appended is accepted, and only --epochs, --data, --max-epoch-seconds and "
                + "--checkpoint-every may change",
        };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Start afresh in an --out that already holds a run (or any of its files), replacing it "
                + "once the new run saves its first checkpoint",
        };
        var cacheOptions = new EncodingCacheOptions();
        var device = DeviceOption.Create();
        var precision = PrecisionOption.Create();
        var tuneGemms = new Option<bool>("--tune-gemms")
        {
            Description = "Choose each GEMM's kernel and split by timing the candidates the first time a shape of "
                + "its class (sizes to the next power of two) runs, as cuDNN's benchmark mode (ILGPU devices; a tuned "
                + "run is not bit-for-bit repeatable)",
        };
        var flags = new TrainFlags();
        var command = new Command("train",
            "Train the autoencoder on a dataset; Ctrl-C or SIGTERM saves a checkpoint to --resume from")
        {
            dataset, preset, config, output, resume, overwrite, device, precision, tuneGemms,
        };
        cacheOptions.AddTo(command);
        foreach (var option in flags.Options) command.Add(option);
        command.SetGuardedAction(parse =>
        {
            string directory = parse.GetValue(output)!;
            // both once resumed and ignored --overwrite, where the user may have meant to start afresh
            if (parse.GetValue(resume) && parse.GetValue(overwrite))
                throw new ArgumentException("--resume continues the run in --out and --overwrite replaces it with a "
                    + "fresh one: give one of them");
            RunFolderCheck.RefuseFilesOnTheWay(directory);
            using var runLock = RunLock.Acquire(directory, Console.Error.WriteLine);
            var run = RunFolderCheck.Writable(directory);
            if (!parse.GetValue(resume) && !parse.GetValue(overwrite)) RunFolderCheck.RefuseExistingRun(run);
            var given = flags.Given(parse);
            if (parse.GetResult(dataset) is { Implicit: false }) given["dataset"] = parse.GetValue(dataset);
            using var backend = DeviceOption.Open(parse, device, PrecisionOption.Parse(parse, precision),
                parse.GetValue(tuneGemms));
            bool named = parse.GetResult(preset) is { Implicit: false }
                || parse.GetResult(config) is { Implicit: false };
            TrainingOptions Described(TrainingOptions? saved) => saved is not null && !named
                ? TrainingOptionsResolver.Resolve(saved, null, given)
                : TrainingOptionsResolver.Resolve(TrainingPresets.Named(parse.GetValue(preset) ?? DefaultPreset(given)),
                    parse.GetValue(config), given);
            ResumePoint? resumePoint = null;
            TrainingOptions options;
            if (parse.GetValue(resume))
            {
                resumePoint = TrainingCheckpoint.Load(run.Model, backend);
                try { options = ResumedOptions.Continue(resumePoint.Options, Described(resumePoint.Options),
                    flags.NameOf); }
                catch
                {
                    resumePoint.Model.Dispose();
                    throw;
                }
                if (AlreadyDone(resumePoint, options.Epochs, run) is string done) return Report(done, 0);
            }
            else options = Described(null);
            var cache = cacheOptions.Open(parse);
            return Train(options, cache, backend, run, resumePoint);
        });
        return command;
    }

    private static string DefaultPreset(JsonObject given) => TrainingPresets.DefaultFor(given["dataset"] is { } named
        ? Enum.Parse<DatasetKind>(named.GetValue<string>(), ignoreCase: true)
        : DatasetKind.Synthetic);

    // the resume's --epochs against the saved epoch, before the data loads; frees the checkpoint's model when done
    private static string? AlreadyDone(ResumePoint resume, int epochs, RunFolder run)
    {
        try
        {
            string? done = ResumeEpochs.AlreadyDone(resume.State, epochs, run.Model);
            if (done is not null) resume.Model.Dispose();
            return done;
        }
        catch
        {
            resume.Model.Dispose();
            throw;
        }
    }

    private static int Train(TrainingOptions options, EncodingCache? cache, IComputeBackend backend, RunFolder run,
        ResumePoint? resume)
    {
        TrainingData data;
        try { data = TrainingDataLoader.Load(options, cache); }
        catch
        {
            resume?.Model.Dispose();
            throw;
        }
        foreach (var line in data.Description) Console.WriteLine(line);
        foreach (var file in data.Skipped) SkipLines.Print(file);
        if (resume is not null && resume.Representation != data.Representation)
        {
            resume.Model.Dispose();
            throw new InvalidDataException(
                $"{run.Model} was trained on {resume.Representation.Kind} signals, the data is "
                + $"{data.Representation.Kind}");
        }
        var display = new TrainProgressDisplay();
        Trainer Start(Action<InitializationReport>? initializing) => new(options, data, backend, run, resume,
            Console.Error.WriteLine, initializing: initializing, stopInitializer: StopSignals.Token);
        bool initializes = resume is null && InitializerStages.CountFor(options.InitAtoms) > 0;
        TrainingOutcome outcome;
        RunBaselines? baselines;
        int parameters;
        bool placed;
        using (var deferral = StopSignals.Defer(initializes ? InitializerNotice : StepNotice))
        using (var trainer = initializes
                   ? display.WatchInitializer(TrainingOptions.OptionsName(options.InitAtoms), Start)
                   : Start(null))
        {
            deferral.ChangeNotice(StepNotice);
            baselines = RunBaselines.Measure(data, trainer.Model.Config);
            Console.WriteLine(baselines?.Describe() ?? $"no loss baselines for the {options.Loss} loss");
            outcome = display.Watch(observer => trainer.Run(observer, StopSignals.Token));
            parameters = trainer.Model.Parameters.TotalCount;
            placed = trainer.RunFilesPlaced;
        }
        // the plot beside the metrics.csv it draws: none for a session that saved nothing, as it wrote no metrics.csv
        if (placed && outcome.Metrics.Count > 0)
            LossCurvePlot.Save(run.LossPlot, outcome.Metrics, LossLabel(options.Loss));
        return outcome.End switch
        {
            TrainingEnd.Completed => Summarize(outcome, run, parameters, baselines),
            TrainingEnd.Interrupted => Report(outcome.Message, StopSignals.ExitCode),
            _ => Report($"error: {outcome.Message}", 1),
        };
    }

    private static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }

    private static int Summarize(TrainingOutcome outcome, RunFolder run, int parameters, RunBaselines? baselines)
    {
        if (outcome.Metrics.Count == 0) return Report($"{outcome.Message}; no epoch was left to run", 0);
        var last = outcome.Metrics[^1];
        long bytes = new FileInfo(run.Model).Length, stateBytes = new FileInfo(run.TrainingState).Length;
        string name = baselines is null ? "" : $" {baselines.LossName}";
        Console.WriteLine(last.Epoch == 0
            ? $"done: the atoms as the initializer fit them (0 epochs) in {last.Seconds:F1} s"
            : $"done: {last.Epoch} epochs in {last.Seconds:F1} s");
        Console.WriteLine($"  train loss      {last.TrainLoss:F6}{name}{Beside(baselines?.Train)}");
        Console.WriteLine(last.ValidationLoss is double v
            ? $"  validation loss {v:F6}{name}{Beside(baselines?.Validation)}"
            : "  validation loss - (no validation set)");
        string weights = ByteSizes.Describe(4L * parameters);
        Console.WriteLine(
            $"  model file      {run.Model}: {ByteSizes.Describe(bytes)} ({parameters} "
            + $"parameters = {weights} as float32)");
        Console.WriteLine(
            $"  training state  {run.TrainingState}: {ByteSizes.Describe(stateBytes)} (Adam's state, for --resume)");
        Console.WriteLine($"  metrics         {run.Metrics}, {run.LossPlot}, {run.Config}");
        return 0;
    }

    // " (all zeros 0.0123, mean frame 0.0098)", or nothing without baselines
    private static string Beside(LossBaselines? baselines) => baselines is null ? "" : $" ({baselines.Describe()})";

    private static string LossLabel(LossKind loss) => loss switch
    {
        LossKind.Mse => "loss (MSE)",
        LossKind.L1 => "loss (L1)",
        _ => "loss (hits: cross-entropy + hit-weighted squared error)",
    };
}
