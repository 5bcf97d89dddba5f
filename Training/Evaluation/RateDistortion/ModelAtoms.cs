using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>A trained model's decoder atoms on the host, for the coders that search over them.</summary>
public static class ModelAtoms
{
    /// <summary>
    /// The model's atoms [N', C, K] for a gain search (<see cref="GainSearchCoder"/>, <see cref="UnionGainCoder"/>):
    /// those in <paramref name="kept"/> alone (the coder's atom i is the model's atom kept[i]), all when null, and N'.
    /// A clear error for a hits-loss model, whose hit rows are logits and do not scale with a gain.
    /// </summary>
    public static (float[] Atoms, int Count) ForGainSearch(Autoencoder model, IReadOnlyList<int>? kept = null)
    {
        var config = model.Config;
        if (config.Loss == LossKind.Hits)
            throw new ArgumentException(
                "the gain search needs atoms whose hit rows are values; this model was trained "
                + "with --loss hits (logits)");
        var atoms = new float[model.Atoms.Count];
        model.Backend.Download(model.Atoms.Value, atoms);
        if (kept is null) return (atoms, config.Atoms);
        int size = config.InputChannels * config.FrameLength;
        var subset = new float[kept.Count * size];
        for (int i = 0; i < kept.Count; i++) Array.Copy(atoms, kept[i] * size, subset, i * size, size);
        return (subset, kept.Count);
    }
}
