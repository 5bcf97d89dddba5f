using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// Shows a run's progress: on a terminal a Spectre.Console progress bar whose line says the epoch, loss, k,
/// throughput and ETA (a run of 0 epochs ends at 100%), after a bar of the atom initializer's stages; with output
/// redirected, plain lines (about 50 epoch lines per run, plus a step line at most every 10 seconds inside long
/// epochs, and an initializer line when a stage ends and at most every 10 seconds inside one) so logs stay readable.
/// </summary>
public sealed class TrainProgressDisplay : ITrainingObserver
{
    private const double StepLineSeconds = 10;
    private readonly bool _interactive = AnsiConsole.Profile.Capabilities.Interactive;
    private ProgressTask? _task;
    private TrainingPlan? _plan;
    private long _stepsThisSession, _itemsThisSession;
    private double _lastStepLine;
    private MetricsRow? _lastRow;

    /// <summary>Runs train with this display watching it.</summary>
    public TrainingOutcome Watch(Func<ITrainingObserver, TrainingOutcome> train)
    {
        if (!_interactive) return train(this);
        TrainingOutcome? outcome = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(Columns())
            .Start(context =>
            {
                _task = context.AddTask("starting", maxValue: 1);
                outcome = train(this);
                _task.StopTask();
            });
        return outcome!;
    }

    /// <summary>
    /// Runs <paramref name="start"/> (which fits the atoms by <paramref name="initializer"/>, such as a trainer's
    /// constructor) with the initializer's progress shown: on a terminal a bar of its own, each stage an equal share;
    /// redirected, a line when a stage ends and at most one every 10 seconds inside a stage.
    /// </summary>
    public T WatchInitializer<T>(string initializer, Func<Action<InitializationReport>, T> start)
    {
        if (!_interactive)
        {
            var clock = Stopwatch.StartNew();
            double lastLine = 0;
            return start(report =>
            {
                if (report.Done < report.Total && clock.Elapsed.TotalSeconds - lastLine < StepLineSeconds) return;
                lastLine = clock.Elapsed.TotalSeconds;
                Console.WriteLine(Describe(initializer, report));
            });
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(Columns())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"atoms by {initializer}"), maxValue: 1);
                result = start(report =>
                {
                    task.Description = Markup.Escape(Describe(initializer, report));
                    task.Value = report.Fraction;
                });
                task.StopTask();
            });
        return result;
    }

    // "atoms by kmeans-union: union-code Lloyd rounds 3/10 (stage 3 of 3)"
    private static string Describe(string initializer, InitializationReport report)
        => $"atoms by {initializer}: {report.Name} {report.Done}/{report.Total} (stage {report.Stage} of "
            + $"{report.Stages})";

    // description, bar, percentage, elapsed and remaining time on a wide terminal; description, percentage and
    // remaining time on a narrow one
    private static ProgressColumn[] Columns() => AnsiConsole.Profile.Width >= 120
        ? [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
            new ElapsedTimeColumn(), new RemainingTimeColumn()]
        : [new TaskDescriptionColumn { Alignment = Justify.Left }, new PercentageColumn(), new RemainingTimeColumn()];

    public void Started(TrainingPlan plan)
    {
        _plan = plan;
        string resumed = plan.StartEpoch > 0 || plan.StartBatch > 0
            ? $", resuming at epoch {plan.StartEpoch + 1} batch {plan.StartBatch + 1}" : "";
        Line(plan.Epochs == 0
            ? $"0 epochs: saving the {plan.Parameters} parameters as the atom initializer fit them, then their loss "
                + "over the train and validation splits (Ctrl-C skips it, the model kept)"
            : $"training {plan.Parameters} parameters for {plan.Epochs} epochs of "
                + $"{plan.BatchesPerEpoch} batch(es){resumed}{FirstFiles(plan)}");
        if (_task is null) return;
        _task.MaxValue = Math.Max(1, (double)plan.Epochs * plan.BatchesPerEpoch);
        _task.Value = (double)plan.StartEpoch * plan.BatchesPerEpoch + plan.StartBatch;
    }

    // "; the first checkpoint, after epoch 50, writes the run's files" when that is later than the first epoch
    private static string FirstFiles(TrainingPlan plan) => plan.FirstCheckpointEpoch > plan.StartEpoch + 1
        ? $"; the first checkpoint, after epoch {plan.FirstCheckpointEpoch}, writes the run's files (model, "
            + "metrics.csv, config.json)"
        : "";

    public void StepDone(StepReport step)
    {
        _stepsThisSession++;
        _itemsThisSession += step.Items;
        double itemsPerSecond = _itemsThisSession / Math.Max(step.SessionSeconds, 1e-9);
        string text = $"epoch {step.Epoch}/{_plan!.Epochs}  batch {step.Batch}/{step.Batches}  loss {step.Loss:G5}  k "
            + $"{step.K}  {itemsPerSecond:F1} items/s";
        if (_task is not null)
        {
            string validation = Validation(_lastRow);
            string batch = step.Batches > 1 ? $" {step.Batch}/{step.Batches}" : "";
            _task.Description = Markup.Escape(
                $"epoch {step.Epoch}/{_plan.Epochs}{batch} loss {step.Loss:G4}{validation} k {step.K} "
                + $"{itemsPerSecond:F0} items/s");
            _task.Increment(1);
        }
        else if (step.Batches > 1 && step.SessionSeconds - _lastStepLine >= StepLineSeconds)
        {
            _lastStepLine = step.SessionSeconds;
            Line($"  {text}  ETA {Eta(step)}");
        }
    }

    public void EpochDone(MetricsRow row)
    {
        _lastRow = row;
        if (_task is not null)
        {
            if (_plan!.Epochs > 0) return;
            // no step moves the bar of a run of 0 epochs: it ends full, with the initialized atoms' losses
            _task.Description = Markup.Escape($"0 epochs: loss {row.TrainLoss:G4}{Validation(row)}");
            _task.Value = _task.MaxValue;
            return;
        }
        int every = Math.Max(1, _plan!.Epochs / 50);
        if (row.Epoch <= 1 || row.Epoch % every == 0 || row.Epoch == _plan.Epochs)
            Line(string.Create(CultureInfo.InvariantCulture,
                $"epoch {row.Epoch,5}/{_plan.Epochs}  train {row.TrainLoss:F6}  val "
                + $"{(row.ValidationLoss is double v ? v.ToString("F6", CultureInfo.InvariantCulture) : "-")}  k "
                + $"{row.K}  lr {row.LearningRate:G3}{Atoms(row)}  {row.Seconds:F1} s"));
    }

    // " val 0.0123", or nothing without a validation loss
    private static string Validation(MetricsRow? row) => row?.ValidationLoss is double v ? $" val {v:G4}" : "";

    // "  atoms 37 used, 2 revived": how many atoms won in the epoch, and how many dead ones were re-seeded after it
    private static string Atoms(MetricsRow row) => row.AtomsUsed is int used
        ? $"  atoms {used} used{(row.AtomsRevived is > 0 ? $", {row.AtomsRevived} revived" : "")}"
        : "";

    public void CheckpointSaved(string path, int completedEpochs)
    {
        if (_task is null) Line($"  saved {path} (epoch {completedEpochs})");
    }

    private string Eta(StepReport step)
    {
        long remaining = (long)(_plan!.Epochs - step.Epoch) * _plan.BatchesPerEpoch + (step.Batches - step.Batch);
        var eta = TimeSpan.FromSeconds(step.SessionSeconds / _stepsThisSession * remaining);
        return eta.ToString(eta.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
    }

    private void Line(string text)
    {
        if (_task is null) Console.WriteLine(text);
        else AnsiConsole.MarkupLine(Markup.Escape(text));
    }
}
