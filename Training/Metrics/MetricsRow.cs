namespace TcnWtaNative.Training.Metrics;

/// <summary>
/// One epoch of a run: its number (from 1), Adam's step count after it, the mean training loss over its batches
/// (weighted by the values each batch counts), the validation loss after it (null without a validation set), the
/// k and learning rate it used, the training time so far in seconds, how many atoms won at least once in it and how
/// many dead atoms were revived at its end (both null in rows of metrics files written before they were counted).
/// </summary>
public sealed record MetricsRow(int Epoch, int Step, double TrainLoss, double? ValidationLoss, int K,
    float LearningRate, double Seconds, int? AtomsUsed = null, int? AtomsRevived = null);
