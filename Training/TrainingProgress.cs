using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Training;

/// <summary>
/// What a run will do: epochs in all, batches per epoch, where it starts (non-zero when resumed), the model's size,
/// and the epoch whose checkpoint is this session's first, which also puts its config.json and metrics.csv in the run
/// folder (<see cref="StagedRunFiles"/>).
/// </summary>
public sealed record TrainingPlan(int Epochs, int BatchesPerEpoch, int StartEpoch, int StartBatch, int Parameters,
    int FirstCheckpointEpoch);

/// <summary>
/// One optimization step done: epoch (from 1), batch (from 1) of batches, the loss before the update, k, the items and
/// time steps the batch held, and the seconds this session has trained.
/// </summary>
public sealed record StepReport(int Epoch, int Batch, int Batches, float Loss, int K, int Items, long TimeSteps,
    double SessionSeconds);

/// <summary>
/// The atom initializer's progress: step <paramref name="Done"/> of <paramref name="Total"/> of stage
/// <paramref name="Stage"/> (from 1) of <paramref name="Stages"/>, named (k-means++ seeds, k-means rounds, ...).
/// </summary>
public sealed record InitializationReport(int Stage, int Stages, string Name, int Done, int Total)
{
    /// <summary>How much of the initializer is done, 0 .. 1, each stage an equal share.</summary>
    public double Fraction => (Stage - 1 + (Total > 0 ? (double)Done / Total : 1)) / Stages;
}

/// <summary>
/// Hears what a <see cref="Trainer"/> does, to show progress. Every method is called on the training thread.
/// </summary>
public interface ITrainingObserver
{
    void Started(TrainingPlan plan);
    void StepDone(StepReport step);
    void EpochDone(MetricsRow row);
    void CheckpointSaved(string path, int completedEpochs);
}
