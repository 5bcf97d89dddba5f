using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Starts the dictionary at the directions of the k-means centroids of the training frames [C, K]: atom n and
/// encoder filter n are both centroid n / |centroid n|. With unit atoms and tied filters the encoder's winner is the
/// atom of largest correlation and its code the projection on it, so at k = 1 the model starts as matching pursuit
/// over the centroids (a gain–shape quantizer), and training moves on from there instead of from noise or single
/// frames. (Filters c / |c|² would instead favour small centroids.) Under the hits loss the atom is the centroid
/// itself in logit space (<see cref="AtomRows.AsAtom"/>), never normalized. Needs a model without a TCN.
/// </summary>
public static class KMeansSeededAtoms
{
    /// <summary>Overwrites the model's atoms and encoder filters with the centroids of frames (each [C*K]), seeded.</summary>
    public static void Apply(Autoencoder model, IReadOnlyList<float[]> frames, int seed)
    {
        var config = model.Config;
        int size = config.InputChannels * config.FrameLength;
        if (frames.Count < config.Atoms) throw new ArgumentException($"k-means with {config.Atoms} atoms needs at least as many frames, got {frames.Count}");
        if (frames.Any(f => f.Length != size)) throw new ArgumentException($"every frame must hold [{config.InputChannels}, {config.FrameLength}] = {size} values");
        var points = new float[frames.Count * size];
        for (int i = 0; i < frames.Count; i++) frames[i].CopyTo(points, i * size);
        var kmeans = KMeans.Fit(model.Backend, points, size, config.Atoms, seed);
        for (int n = 0; n < config.Atoms; n++)
        {
            var centroid = kmeans.Centroids.AsSpan(n * size, size);
            var direction = new float[size];
            TensorPrimitives.Divide(centroid, Math.Max(TensorPrimitives.Norm(centroid), 1e-12f), direction);
            AtomRows.WriteFilter(model, n, direction);
            AtomRows.WriteAtom(model, n, config.Loss == LossKind.Hits ? AtomRows.AsAtom(config, centroid) : direction);
        }
    }
}
