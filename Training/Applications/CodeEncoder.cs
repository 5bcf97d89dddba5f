namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How the applications find a piece's sparse code, with k non-zeros per code column (k = 1 for the gain search); the
/// model's decoder decodes each
/// (<see cref="TrainedModel.Encode(Midi.Representations.EncodedPiece, CodeEncoder, int, IReadOnlySet{int}?)"/>).
/// </summary>
public enum CodeEncoder
{
    /// <summary>
    /// The trained encoder and its winner-take-all: one pass, the k largest activations kept as they are.
    /// </summary>
    Wta,
    /// <summary>
    /// Orthogonal matching pursuit over the decoder's atoms (<see cref="Engine.Inference.PursuitCoder"/>): k atoms per
    /// column picked greedily, with least-squares coefficients.
    /// </summary>
    Omp,
    /// <summary>
    /// Gain search over the decoder's atoms (<see cref="PieceGainCoder"/>, evaluate's <c>model+gain</c>): one atom and
    /// one real gain per column, the pair whose hits read at 0.5 are wrong in the fewest cells. Groove MSE or L1
    /// models, k = 1.
    /// </summary>
    Gain,
}
