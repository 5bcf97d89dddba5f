namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How the applications find a piece's sparse code, with k non-zeros per code column either way; the model's decoder
/// decodes both (<see cref="TrainedModel.Encode(Midi.Representations.EncodedPiece, CodeEncoder, int, IReadOnlySet{int}?)"/>).
/// </summary>
public enum CodeEncoder
{
    /// <summary>The trained encoder and its winner-take-all: one pass, the k largest activations kept as they are.</summary>
    Wta,
    /// <summary>
    /// Orthogonal matching pursuit over the decoder's atoms (<see cref="Engine.Inference.PursuitCoder"/>): k atoms per
    /// column picked greedily, with least-squares coefficients.
    /// </summary>
    Omp,
}
