using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Training.Applications;

/// <summary>Two windows of code columns, one per piece, and the cosine similarity of their codes.</summary>
public readonly record struct SectionMatch(int FirstA, int FirstB, int Columns, double Cosine);

/// <summary>
/// The most alike sections of two pieces, as the paper suggests for interpolation: every window of
/// <c>columns</c> consecutive code columns of A against every one of B, compared by the cosine of the flattened
/// codes [N, columns]. Dot products of single columns are computed once, so the cost is La × Lb × (N + columns).
/// </summary>
public static class SectionMatching
{
    /// <summary>The pair of windows with the highest cosine (the earliest on ties); windows with an all-zero code are skipped.</summary>
    public static SectionMatch MostSimilar(SparseCode a, SparseCode b, int columns)
    {
        if (a.Atoms != b.Atoms) throw new ArgumentException($"codes over {a.Atoms} and {b.Atoms} atoms come from different models");
        if (columns < 1) throw new ArgumentException($"a section needs at least one column, got {columns}");
        if (columns > a.Columns || columns > b.Columns)
            throw new ArgumentException($"a section of {columns} code columns does not fit pieces of {a.Columns} and {b.Columns} columns");
        // dots[i, j] = a[:, i] · b[:, j]
        var dots = new double[a.Columns, b.Columns];
        for (int n = 0; n < a.Atoms; n++)
            for (int i = 0; i < a.Columns; i++)
            {
                float x = a[n, i];
                if (x == 0) continue;
                for (int j = 0; j < b.Columns; j++) dots[i, j] += x * b[n, j];
            }
        var normsA = WindowNorms(a, columns);
        var normsB = WindowNorms(b, columns);
        var best = new SectionMatch(-1, -1, columns, double.NegativeInfinity);
        for (int i = 0; i < normsA.Length; i++)
            for (int j = 0; j < normsB.Length; j++)
            {
                if (normsA[i] == 0 || normsB[j] == 0) continue;
                double dot = 0;
                for (int d = 0; d < columns; d++) dot += dots[i + d, j + d];
                double cosine = dot / (normsA[i] * normsB[j]);
                if (cosine > best.Cosine) best = new SectionMatch(i, j, columns, cosine);
            }
        if (best.FirstA < 0) throw new ArgumentException("one of the pieces has an all-zero code; there is nothing to match");
        return best;
    }

    // code [N, L] -> the L2 norm of each window of `columns` columns [L - columns + 1]
    private static double[] WindowNorms(SparseCode code, int columns)
    {
        var squares = new double[code.Columns];
        for (int n = 0; n < code.Atoms; n++)
            for (int l = 0; l < code.Columns; l++) squares[l] += (double)code[n, l] * code[n, l];
        var norms = new double[code.Columns - columns + 1];
        for (int i = 0; i < norms.Length; i++) norms[i] = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Sum<double>(squares.AsSpan(i, columns)));
        return norms;
    }
}
