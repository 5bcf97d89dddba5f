using TcnWtaNative.Kernels;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Reconstruction with a limited dictionary, the paper's "cleaning musical sections": the encoder's activations
/// go through the channel top-k with a smaller k than in training and/or among a restricted atom set, so only the
/// strongest, most typical patterns survive and stray notes the atoms cannot explain are dropped.
/// </summary>
public static class Denoising
{
    /// <summary>The encoder's activations before the winner-take-all, [N, L] (needs a channel top-k model).</summary>
    public static SparseCode Activations(TrainedModel trained, EncodedPiece piece)
    {
        var model = trained.Model;
        if (model.Config.Sparsity != SparsityKind.ChannelTopK)
            throw new NotSupportedException($"{trained.Path}: denoising re-runs the channel top-k, but this model uses {model.Config.Sparsity} sparsity");
        int k = model.TopK;
        model.TopK = model.Config.Atoms;
        try { return trained.Encode(piece); }
        finally { model.TopK = k; }
    }

    /// <summary>The <paramref name="count"/> atoms the piece uses most at the model's k.</summary>
    public static IReadOnlySet<int> MostUsedAtoms(TrainedModel trained, EncodedPiece piece, int count)
        => trained.Encode(piece).TopAtoms(count).Select(a => a.Atom).ToHashSet();

    /// <summary>
    /// The piece re-encoded with <paramref name="k"/> winners per column among <paramref name="atoms"/> (all when
    /// null) and decoded: the code [N, L] and the signal [C, T].
    /// </summary>
    public static (SparseCode Code, float[] Signal) Denoise(TrainedModel trained, EncodedPiece piece, int k, IReadOnlySet<int>? atoms)
    {
        var code = CodeEditing.TopKPerColumn(Activations(trained, piece), k, atoms);
        return (code, trained.Decode(code, piece.Length));
    }
}
