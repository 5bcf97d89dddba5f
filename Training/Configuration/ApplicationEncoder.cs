namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// The sparse coder a model is meant to be used with: what the applications' --encoder defaults to for it. Training
/// records it in the model file's metadata under <see cref="Checkpoints.TrainingCheckpoint.EncoderKey"/> as the
/// lowercase name (wta, omp, gain, union).
/// </summary>
public enum ApplicationEncoder
{
    /// <summary>The trained encoder and its winner-take-all.</summary>
    Wta,
    /// <summary>Orthogonal matching pursuit over the decoder's atoms.</summary>
    Omp,
    /// <summary>The one-atom gain search over the decoder's atoms (drum grids, mse or l1).</summary>
    Gain,
    /// <summary>The union code over the decoder's atoms (drum grids, mse or l1), as evaluate --encoder union.</summary>
    Union,
}
