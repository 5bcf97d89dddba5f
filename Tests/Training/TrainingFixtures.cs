using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Checkpoints;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Metrics;
using TcnWtaNative.Training.Schedules;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>Small synthetic runs on the CPU, and an observer the tests can hook into.</summary>
internal static class TrainingFixtures
{
    /// <summary>
    /// 96 synthetic grids in batches of 32, k 3 -> 1, a cosine learning rate, a checkpoint every epoch.
    /// </summary>
    public static TrainingOptions Small => TrainingPresets.Synthetic with
    {
        Samples = 96, ValidationSamples = 32, Atoms = 8, KStart = 3, KEnd = 1, BatchSize = 32, Epochs = 6,
        LrSchedule = LearningRateShape.Cosine, LrMin = 1e-3f, CheckpointEvery = 1,
    };

    public static TrainingOutcome Train(IComputeBackend backend, TrainingOptions options, RunFolder run,
        ResumePoint? resume = null,
        ITrainingObserver? observer = null, CancellationToken cancel = default, IBatchSource? train = null)
    {
        var data = TrainingDataLoader.Load(options, cache: null);
        if (train is not null) data = data with { Train = train };
        // a set given here counts or spoils its gathers batch by batch, so it stays on the host path (gathered per
        // batch) rather than copied once into a resident block
        using var trainer = new Trainer(options, data, backend, run, resume,
            residentData: train is null ? null : false);
        return trainer.Run(observer, cancel);
    }

    /// <summary>
    /// Every tensor of a checkpoint (the model file's parameters and its state file's Adam moments) by name.
    /// </summary>
    public static Dictionary<string, float[]> Tensors(string path)
        => SafetensorsFile.Read(path).Tensors.Concat(SafetensorsFile.Read(TrainingCheckpoint.StatePathOf(path)).Tensors)
            .ToDictionary(pair => pair.Key, pair => pair.Value.Values);

    /// <summary>
    /// The numbers of each epoch that must not depend on how the run was cut up (not the wall-clock seconds).
    /// </summary>
    public static object[] Losses(IEnumerable<MetricsRow> rows)
        => [.. rows.Select(
            row => (row.Epoch, row.Step, row.TrainLoss, row.ValidationLoss, row.K, row.LearningRate, row.AtomsUsed,
            row.AtomsRevived))];

    /// <summary>
    /// `tcnwta train` on a small synthetic set on the CPU, without the cache; add --epochs and --out.
    /// </summary>
    public static readonly string[] QuickTrain =
        ["train", "--dataset", "synthetic", "--device", "cpu", "--samples", "64", "--validation-samples", "16",
            "--no-cache"];

    public static string TempRun() => Directory.CreateTempSubdirectory("tcnwta-train-").FullName;
}

/// <summary>An observer that calls back on steps and checkpoints.</summary>
internal sealed class HookObserver(Action<StepReport>? onStep = null, Action<string, int>? onCheckpoint = null)
    : ITrainingObserver
{
    public void Started(TrainingPlan plan) { }
    public void StepDone(StepReport step) => onStep?.Invoke(step);
    public void EpochDone(MetricsRow row) { }
    public void CheckpointSaved(string path, int completedEpochs) => onCheckpoint?.Invoke(path, completedEpochs);
}
