using TcnWtaNative.Training.Checkpoints;

namespace TcnWtaNative.Training;

/// <summary>
/// The files of one training run, all in one folder: model.safetensors (the weights and config: the file to apply),
/// model.state.safetensors (Adam's state and where the run stands, which --resume reads with the model), metrics.csv,
/// loss.png and config.json (the resolved options).
/// </summary>
public sealed record RunFolder(string Directory)
{
    public string Model => Path.Combine(Directory, "model.safetensors");
    public string TrainingState => TrainingCheckpoint.StatePathOf(Model);
    public string Metrics => Path.Combine(Directory, "metrics.csv");
    public string LossPlot => Path.Combine(Directory, "loss.png");
    public string Config => Path.Combine(Directory, "config.json");

    /// <summary>Every file of the run, the model first.</summary>
    public IReadOnlyList<string> Files => [Model, TrainingState, Metrics, LossPlot, Config];
}
