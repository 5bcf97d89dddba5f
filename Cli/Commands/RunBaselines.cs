using TcnWtaNative.Engine;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// A run's loss baselines (<see cref="LossBaselines"/>): over the train split, and over the validation split when there
/// is one, both with the mean frame of the train split; printed beside the losses so they read against something.
/// </summary>
public sealed record RunBaselines(string LossName, LossBaselines Train, LossBaselines? Validation)
{
    /// <summary>
    /// The baselines of the run's data for the model's loss and frame length; null for a loss without them.
    /// </summary>
    public static RunBaselines? Measure(TrainingData data, AutoencoderConfig config)
    {
        if (!LossBaselines.Apply(config.Loss)) return null;
        var frame = LossBaselines.FitMeanFrame(data.Train, config.FrameLength);
        var validation = data.Validation is { } set ? LossBaselines.Measure(set, frame, config.FrameLength, config.Loss)
            : null;
        var train = LossBaselines.Measure(data.Train, frame, config.FrameLength, config.Loss);
        return new RunBaselines(ApplicationOptions.LossName(config.Loss), train, validation);
    }

    /// <summary>"loss baselines (MSE): train all zeros 0.0123, mean frame 0.0098; validation ...".</summary>
    public string Describe()
        => $"loss baselines ({LossName}; the mean frame is the train split's): train {Train.Describe()}"
        + (Validation is { } v ? $"; validation {v.Describe()}" : "");
}
