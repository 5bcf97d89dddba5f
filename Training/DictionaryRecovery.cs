using System.Numerics.Tensors;

namespace TcnWtaNative.Training;

/// <summary>How well a learned dictionary recovers known generating patterns.</summary>
public static class DictionaryRecovery
{
    /// <summary>
    /// For each true pattern [C*K], the best cosine similarity with any atom of atoms [N, C*K], and that atom.
    /// </summary>
    public static (float Cosine, int Atom)[] BestMatches(IReadOnlyList<float[]> patterns, float[] atoms, int atomCount)
    {
        int size = atoms.Length / atomCount;
        return patterns.Select(pattern =>
        {
            if (pattern.Length != size)
                throw new ArgumentException(
                    $"a pattern of {pattern.Length} values cannot be compared with atoms of {size}");
            var best = (Cosine: float.NegativeInfinity, Atom: -1);
            for (int n = 0; n < atomCount; n++)
            {
                float cosine = TensorPrimitives.CosineSimilarity(pattern, atoms.AsSpan(n * size, size));
                if (cosine > best.Cosine) best = (cosine, n);
            }
            return best;
        }).ToArray();
    }
}
