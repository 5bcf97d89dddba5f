using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Reconstruction with a limited dictionary, the paper's "cleaning musical sections": the piece is coded with a smaller
/// k than in training and/or among a restricted atom set (the encoder's activations through the channel top-k, or
/// matching pursuit over the allowed atoms alone), so only the strongest, most typical patterns survive and stray notes
/// the atoms cannot explain are dropped.
/// </summary>
public static class Denoising
{
    /// <summary>The <paramref name="count"/> atoms the piece uses most at the model's k, as <paramref name="encoder"/> codes it.</summary>
    public static IReadOnlySet<int> MostUsedAtoms(TrainedModel trained, EncodedPiece piece, int count, CodeEncoder encoder = CodeEncoder.Wta)
        => AtomsByUse(trained, piece, encoder).Take(count).ToHashSet();

    /// <summary>Every atom the piece uses at the model's k, as <paramref name="encoder"/> codes it, most used first.</summary>
    public static IReadOnlyList<int> AtomsByUse(TrainedModel trained, EncodedPiece piece, CodeEncoder encoder = CodeEncoder.Wta)
        => [.. trained.Encode(piece, encoder).TopAtoms(trained.Model.Config.Atoms).Select(a => a.Atom)];

    /// <summary>
    /// The piece re-encoded with <paramref name="k"/> non-zeros per column among <paramref name="atoms"/> (all when
    /// null) by <paramref name="encoder"/> and decoded: the code [N, L] and the signal [C, T].
    /// </summary>
    public static (SparseCode Code, float[] Signal) Denoise(TrainedModel trained, EncodedPiece piece, int k, IReadOnlySet<int>? atoms,
        CodeEncoder encoder = CodeEncoder.Wta)
    {
        var code = trained.Encode(piece, encoder, k, atoms);
        return (code, trained.Decode(code, piece.Length));
    }
}
