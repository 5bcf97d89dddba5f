namespace TcnWtaNative.Training.Metrics;

/// <summary>
/// One epoch of a run: its number (from 1), Adam's step count after it, the mean training loss over its batches
/// (weighted by the values each batch counts), the validation loss after it (null without a validation set), the
/// k and learning rate it used, and the training time so far in seconds.
/// </summary>
public sealed record MetricsRow(int Epoch, int Step, double TrainLoss, double? ValidationLoss, int K, float LearningRate, double Seconds);
