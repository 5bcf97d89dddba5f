namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>Which of the model's encoders a rate–distortion study scores.</summary>
public enum ModelEncoders
{
    /// <summary>The network's encoder and winner-take-all (method "model").</summary>
    Wta,
    /// <summary>Orthogonal matching pursuit over the decoder's atoms (method "model+omp").</summary>
    Omp,
    /// <summary>Wta and Omp.</summary>
    Both,
    /// <summary>
    /// Gain search over the decoder's atoms (method "model+gain", Groove models whose hit rows are values).
    /// </summary>
    Gain,
    /// <summary>
    /// The union code over the decoder's atoms, two atoms with gains per frame (method "model+union", Groove models
    /// whose hit rows are values), with the k-means and random-frame dictionaries under the same coder.
    /// </summary>
    Union,
    /// <summary>Wta, Omp and, where the model allows it, Gain and Union.</summary>
    All,
}

/// <summary>What a <see cref="ModelEncoders"/> choice includes.</summary>
public static class ModelEncoderChoice
{
    /// <summary>Whether the network's own encoder is scored.</summary>
    public static bool HasWta(this ModelEncoders encoders)
        => encoders is ModelEncoders.Wta or ModelEncoders.Both or ModelEncoders.All;

    /// <summary>Whether OMP over the decoder's atoms is scored.</summary>
    public static bool HasOmp(this ModelEncoders encoders)
        => encoders is ModelEncoders.Omp or ModelEncoders.Both or ModelEncoders.All;

    /// <summary>Whether gain search over the decoder's atoms is scored (All: only where the model allows it).</summary>
    public static bool HasGain(this ModelEncoders encoders) => encoders is ModelEncoders.Gain or ModelEncoders.All;

    /// <summary>
    /// Whether the union code over the decoder's atoms is scored (All: only where the model allows it).
    /// </summary>
    public static bool HasUnion(this ModelEncoders encoders) => encoders is ModelEncoders.Union or ModelEncoders.All;
}
