using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Starts the dictionary from the data instead of noise: N frames [C, K] picked by k-means++ seeding (each next
/// frame drawn with probability proportional to its squared distance from the nearest frame already picked, on
/// unit-normalized frames). Atom n becomes frame n, and the encoder's filter n becomes frame n / |frame n|², so a
/// frame equal to an atom codes to 1 on it. With k = 1 a random start often merges two patterns into one atom and
/// never separates them; starting from spread-out real frames avoids that local minimum. Needs a model without a
/// TCN (the encoder must see the input itself). Under the hits loss the atoms' hit rows start at logit scale
/// (<see cref="AtomRows.AsAtom"/>), so a frame equal to an atom still decodes back to its own hits.
/// </summary>
public static class FrameSeededAtoms
{
    /// <summary>
    /// Overwrites the model's atoms [N, C, K] and encoder filters [N, C, K] with frames (each [C*K]) chosen by seed,
    /// telling <paramref name="progress"/> of each frame chosen. Once <paramref name="cancel"/> is cancelled no more
    /// are drawn: the remaining atoms are the frames farthest from those drawn (<see cref="KMeans.SpreadOutIndices"/>).
    /// </summary>
    public static void Apply(Autoencoder model, IReadOnlyList<float[]> frames, int seed,
        StageProgress? progress = null, CancellationToken cancel = default)
    {
        var config = model.Config;
        int size = config.InputChannels * config.FrameLength;
        if (config.TcnWidths.Length > 0)
            throw new ArgumentException("atoms can be seeded from frames only for a model without a TCN front end");
        if (frames.Count < config.Atoms)
            throw new ArgumentException(
                $"seeding {config.Atoms} atoms needs at least as many frames, got {frames.Count}");
        if (frames.Any(f => f.Length != size))
            throw new ArgumentException(
                $"every frame must hold [{config.InputChannels}, {config.FrameLength}] = {size} values");

        var chosen = ChooseSpreadOut(frames, config.Atoms, new Random(seed), progress, cancel);
        for (int n = 0; n < chosen.Length; n++) AtomRows.SeedFromFrame(model, n, frames[chosen[n]]);
    }


    // k-means++ seeding over unit-normalized frames: indices of count frames
    private static int[] ChooseSpreadOut(IReadOnlyList<float[]> frames, int count, Random random,
        StageProgress? progress, CancellationToken cancel)
    {
        int size = frames[0].Length;
        var unit = new float[frames.Count * size];
        for (int i = 0; i < frames.Count; i++)
        {
            float norm = TensorPrimitives.Norm<float>(frames[i]);
            if (norm == 0) continue;
            TensorPrimitives.Divide(frames[i], norm, unit.AsSpan(i * size, size));
        }
        return KMeans.SpreadOutIndices(unit, size, count, random, progress, cancel);
    }
}

/// <summary>How a fresh model's dictionary starts.</summary>
public enum AtomInitialization
{
    /// <summary>Uniform random weights, as PyTorch initializes Conv1d and ConvTranspose1d.</summary>
    Random,
    /// <summary>Spread-out frames of the training data (<see cref="FrameSeededAtoms"/>).</summary>
    Frames,
    /// <summary>k-means centroids of the training frames (<see cref="KMeansSeededAtoms"/>).</summary>
    Kmeans,
    /// <summary>
    /// k-means centroids refit for the gain code by Lloyd iterations whose assignment is the gain search
    /// (<see cref="KMeansSeededAtoms"/>, <see cref="Analysis.GainLloyd"/>); Groove models with the MSE or L1 loss.
    /// </summary>
    KmeansGain,
    /// <summary>
    /// k-means centroids refit for the union code by Lloyd iterations whose assignment is the union coder
    /// (<see cref="KMeansSeededAtoms"/>, <see cref="Analysis.UnionLloyd"/>); Groove models with the MSE or L1 loss.
    /// </summary>
    KmeansUnion,
    /// <summary>
    /// The per-key basis and the onset patterns the training frames repeat most (<see cref="OnsetPatternAtoms"/>);
    /// MAESTRO models of the onset roll.
    /// </summary>
    OnsetPatterns,
}
