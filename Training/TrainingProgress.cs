using TcnWtaNative.Training.Metrics;

namespace TcnWtaNative.Training;

/// <summary>
/// What a run will do: epochs in all, batches per epoch, where it starts (non-zero when resumed) and the model's size.
/// </summary>
public sealed record TrainingPlan(int Epochs, int BatchesPerEpoch, int StartEpoch, int StartBatch, int Parameters);

/// <summary>
/// One optimization step done: epoch (from 1), batch (from 1) of batches, the loss before the update, k, the items and
/// time steps the batch held, and the seconds this session has trained.
/// </summary>
public sealed record StepReport(int Epoch, int Batch, int Batches, float Loss, int K, int Items, long TimeSteps,
    double SessionSeconds);

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
