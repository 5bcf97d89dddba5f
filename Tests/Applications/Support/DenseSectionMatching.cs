using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Tests.Applications.Support;

/// <summary>
/// The section search as it was over whole dense codes [N, L], the reference <see cref="SectionMatching"/> must
/// equal: every column of A against every column of B into a matrix of dot products [La, Lb], then every pair of
/// windows in order, the first highest cosine kept.
/// </summary>
internal static class DenseSectionMatching
{
    /// <summary>
    /// The pair of windows of <paramref name="columns"/> columns with the highest cosine, the earliest on ties.
    /// </summary>
    public static SectionMatch MostSimilar(SparseCode a, SparseCode b, int columns)
    {
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
        return best;
    }

    /// <summary>
    /// A whole code [N, L] as a tally that keeps its non-zeros, what <see cref="SectionMatching"/> reads.
    /// </summary>
    public static CodeTally Tally(SparseCode code)
    {
        var tally = new CodeTally(code.Atoms, keepEntries: true);
        tally.Add(code);
        return tally;
    }

    // code [N, L] -> the L2 norm of each window of `columns` columns [L - columns + 1]
    private static double[] WindowNorms(SparseCode code, int columns)
    {
        var squares = new double[code.Columns];
        for (int n = 0; n < code.Atoms; n++)
            for (int l = 0; l < code.Columns; l++) squares[l] += (double)code[n, l] * code[n, l];
        var norms = new double[code.Columns - columns + 1];
        for (int i = 0; i < norms.Length; i++)
            norms[i] = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Sum<double>(squares.AsSpan(i, columns)));
        return norms;
    }
}
