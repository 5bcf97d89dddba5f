using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>Two windows of code columns, one per piece, and the cosine similarity of their codes.</summary>
public readonly record struct SectionMatch(int FirstA, int FirstB, int Columns, double Cosine);

/// <summary>
/// The most alike sections of two pieces, as the paper suggests for interpolation: every window of
/// <c>columns</c> consecutive code columns of A against every one of B, compared by the cosine of the flattened
/// codes [N, columns]. The codes are read as their non-zeros (<see cref="CodeTally"/> with entries kept, and B's
/// re-sorted atom by atom), and the dot products of single columns are computed once, for a band of diagonals
/// (B's window starting <c>shift</c> columns after A's) at a time: memory holds the non-zeros and one band of about
/// <see cref="ValuesPerBand"/> products, and the cost is La × Lb × columns additions beside one product per pair of
/// non-zeros of A and B on the same atom.
/// </summary>
public static class SectionMatching
{
    /// <summary>About how many column dot products one band of diagonals holds (8 MB).</summary>
    public const int ValuesPerBand = 1 << 20;

    /// <summary>
    /// The pair of windows with the highest cosine (the earliest on ties); windows with an all-zero code are skipped.
    /// A band holds about <paramref name="valuesPerBand"/> column dot products (at least one diagonal).
    /// </summary>
    public static SectionMatch MostSimilar(CodeTally a, CodeTally b, int columns, int valuesPerBand = ValuesPerBand)
    {
        if (a.Atoms != b.Atoms)
            throw new ArgumentException($"codes over {a.Atoms} and {b.Atoms} atoms come from different models");
        if (columns < 1) throw new ArgumentException($"a section needs at least one column, got {columns}");
        if (columns > a.Columns || columns > b.Columns)
            throw new ArgumentException(
                $"a section of {columns} code columns does not fit pieces of {a.Columns} and {b.Columns} columns");
        var normsA = WindowNorms(a, columns);
        var normsB = WindowNorms(b, columns);
        var rowsB = new AtomRows(b);
        if (valuesPerBand < 1) throw new ArgumentException($"a band holds at least one value, got {valuesPerBand}");
        int width = Math.Max(1, valuesPerBand / a.Columns);
        // dots[i * width + shift - firstShift] = a[:, i] · b[:, i + shift] for the band's shifts
        var dots = new double[(long)a.Columns * width];
        var windowDots = new double[width];
        var best = new SectionMatch(-1, -1, columns, double.NegativeInfinity);
        for (int firstShift = columns - a.Columns; firstShift <= b.Columns - columns; firstShift += width)
        {
            Array.Clear(dots);
            BandDots(a, rowsB, firstShift, width, dots);
            for (int i = 0; i + columns <= a.Columns; i++)
            {
                // the band's shifts whose window of B, starting at j = i + shift, lies inside B
                int low = Math.Max(firstShift, -i), high = Math.Min(firstShift + width, b.Columns - columns - i + 1);
                if (normsA[i] == 0 || low >= high) continue;
                var sums = windowDots.AsSpan(low - firstShift, high - low);
                sums.Clear();
                for (int d = 0; d < columns; d++)
                {
                    var row = dots.AsSpan((int)((long)(i + d) * width + low - firstShift), high - low);
                    for (int s = 0; s < sums.Length; s++) sums[s] += row[s];
                }
                for (int s = 0; s < sums.Length; s++)
                {
                    int j = i + low + s;
                    if (normsB[j] == 0) continue;
                    double cosine = sums[s] / (normsA[i] * normsB[j]);
                    if (cosine > best.Cosine || (cosine == best.Cosine
                        && (i, j).CompareTo((best.FirstA, best.FirstB)) < 0))
                        best = new SectionMatch(i, j, columns, cosine);
                }
            }
        }
        if (best.FirstA < 0)
            throw new ArgumentException("one of the pieces has an all-zero code; there is nothing to match");
        return best;
    }

    // the column dot products of the band of shifts [firstShift, + width) into dots [La, width]: each non-zero of a
    // column of A meets B's non-zeros of its atom in the band's columns, atom by atom in A's order (the order a dense
    // sum over the atoms adds them in); B's row cursors only move forward, as the band's columns do with i
    private static void BandDots(CodeTally a, AtomRows b, int firstShift, int width, double[] dots)
    {
        var cursors = b.Starts.AsSpan(0, a.Atoms).ToArray();
        for (int i = 0; i < a.Columns; i++)
        {
            int low = i + firstShift, high = low + width;
            foreach (var entry in a.EntriesOf(i, 1))
            {
                int n = entry.Atom, end = b.Starts[n + 1], c = cursors[n];
                while (c < end && b.Columns[c] < low) c++;
                cursors[n] = c;
                for (; c < end && b.Columns[c] < high; c++)
                    dots[(long)i * width + b.Columns[c] - low] += entry.Value * b.Values[c];
            }
        }
    }

    // code [N, L] -> the L2 norm of each window of `columns` columns [L - columns + 1]
    private static double[] WindowNorms(CodeTally code, int columns)
    {
        var squares = new double[code.Columns];
        for (int l = 0; l < code.Columns; l++)
            foreach (var entry in code.EntriesOf(l, 1)) squares[l] += (double)entry.Value * entry.Value;
        var norms = new double[code.Columns - columns + 1];
        for (int i = 0; i < norms.Length; i++)
            norms[i] = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Sum<double>(squares.AsSpan(i, columns)));
        return norms;
    }

    // a code's non-zeros atom by atom, each atom's in column order: atom n's are [Starts[n], Starts[n + 1])
    private sealed class AtomRows
    {
        public AtomRows(CodeTally code)
        {
            var entries = code.EntriesOf(0, code.Columns);
            Starts = new int[code.Atoms + 1];
            foreach (var entry in entries) Starts[entry.Atom + 1]++;
            for (int n = 0; n < code.Atoms; n++) Starts[n + 1] += Starts[n];
            (Columns, Values) = (new int[entries.Length], new float[entries.Length]);
            var next = Starts[..^1];
            foreach (var entry in entries)
            {
                int at = next[entry.Atom]++;
                (Columns[at], Values[at]) = (entry.Column, entry.Value);
            }
        }

        public int[] Starts { get; }
        public int[] Columns { get; }
        public float[] Values { get; }
    }
}
