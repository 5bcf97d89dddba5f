using System.Numerics.Tensors;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Starts the dictionary at the k-means centroids of the training frames [C, K]. With m the centroids' mean norm and
/// u_n = centroid n / |centroid n|, atom n is m u_n and encoder filter n is u_n / m: every filter has the same norm,
/// so the encoder's winner is the atom of largest correlation, and its code times the atom is the projection on it. At
/// k = 1 the model starts as matching pursuit over the centroids (a gain–shape quantizer) with codes near 1, and
/// training moves on from there instead of from noise or single frames. (Filters c / |c|² would favour small
/// centroids.) Under the hits loss the atom is the centroid itself in logit space (<see cref="AtomRows.AsAtom"/>).
/// Needs a model without a TCN.
/// </summary>
public static class KMeansSeededAtoms
{
    /// <summary>
    /// Overwrites the model's atoms and encoder filters with the centroids of frames (each [C*K]), seeded; with a
    /// <paramref name="refit"/> (the stacked frames [n, C*K] and centroids [N, C*K] -> refit centroids, such as
    /// <see cref="GainLloyd"/> or <see cref="UnionLloyd"/>) the centroids are first refit for a code. The k-means fit
    /// tells <paramref name="progress"/> of its seeds and rounds, and stops at the end of the current seed or round
    /// once <paramref name="cancel"/> is cancelled (<see cref="KMeans.Fit"/>); the refit is the caller's to stop.
    /// </summary>
    public static void Apply(Autoencoder model, IReadOnlyList<float[]> frames, int seed,
        Func<float[], float[], float[]>? refit = null, StageProgress? progress = null,
        CancellationToken cancel = default)
    {
        var config = model.Config;
        int size = config.InputChannels * config.FrameLength;
        if (frames.Count < config.Atoms)
            throw new ArgumentException(
                $"k-means with {config.Atoms} atoms needs at least as many frames, got {frames.Count}");
        if (frames.Any(f => f.Length != size))
            throw new ArgumentException(
                $"every frame must hold [{config.InputChannels}, {config.FrameLength}] = {size} values");
        var points = new float[frames.Count * size];
        for (int i = 0; i < frames.Count; i++) frames[i].CopyTo(points, i * size);
        var centroids = KMeans.Fit(model.Backend, points, size, config.Atoms, seed, progress: progress,
            cancel: cancel).Centroids;
        if (refit is not null) centroids = refit(points, centroids);
        float meanNorm = Math.Max(1e-12f,
            (float)Enumerable.Range(0, config.Atoms)
            .Average(n => TensorPrimitives.Norm<float>(centroids.AsSpan(n * size, size))));
        for (int n = 0; n < config.Atoms; n++)
        {
            var centroid = centroids.AsSpan(n * size, size);
            var direction = new float[size];
            TensorPrimitives.Divide(centroid, Math.Max(TensorPrimitives.Norm(centroid), 1e-12f), direction);
            var filter = new float[size];
            TensorPrimitives.Divide(direction, meanNorm, filter);
            AtomRows.WriteFilter(model, n, filter);
            TensorPrimitives.Multiply(direction, meanNorm, direction);
            AtomRows.WriteAtom(model, n, config.Loss == LossKind.Hits ? AtomRows.AsAtom(config, centroid) : direction);
        }
    }
}
