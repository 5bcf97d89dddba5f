namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How the applications find a piece's sparse code, with k non-zeros per code column (k = 1 for the gain search, 2 for
/// the union code)
/// (<see cref="TrainedModel.Encode(Midi.Representations.EncodedPiece, CodeEncoder, int, IReadOnlySet{int}?)"/>), and
/// so how the code is decoded: by the model's linear decoder, or for the gain and union codes as the union of their
/// atoms' lit hits (<see cref="TrainedModel.Decode(Engine.Inference.SparseCode, int, CodeEncoder)"/>).
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
    /// Gain search over the decoder's atoms (<see cref="PieceFrameCoder"/>, evaluate's <c>model+gain</c>): one atom and
    /// one real gain per column, the pair whose hits read at 0.5 are wrong in the fewest cells. Groove MSE or L1
    /// models, k = 1.
    /// </summary>
    Gain,
    /// <summary>
    /// The union code over the decoder's atoms (<see cref="PieceFrameCoder"/>, evaluate's <c>model+union</c>): two
    /// atoms with gains per column, decoded as the union of their lit hits (per hit cell the atom with the larger
    /// g · hit there). Groove MSE or L1 models, k = 2.
    /// </summary>
    Union,
}
