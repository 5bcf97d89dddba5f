using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>One non-zero of a code: code[atom, column] = value.</summary>
public readonly record struct CodeEntry(int Column, int Atom, float Value);

/// <summary>
/// What the applications need of a piece's whole code [N, L], gathered window by window (<see cref="Add"/>) so the
/// dense code never sits in memory: each atom's summed activation in column order (so <see cref="Usage"/> and
/// <see cref="TopAtoms"/> equal <see cref="SparseCode.Usage"/> and <see cref="SparseCode.TopAtoms"/> of the whole code),
/// the atoms used, and, when asked for, the non-zero entries column by column (12 bytes each).
/// </summary>
public sealed class CodeTally(int atoms, bool keepEntries = false)
{
    private readonly float[] _usage = new float[atoms];
    private readonly bool[] _used = new bool[atoms];
    private readonly List<CodeEntry> _entries = [];

    /// <summary>N: atoms of the code.</summary>
    public int Atoms => atoms;

    /// <summary>L: columns added so far.</summary>
    public int Columns { get; private set; }

    /// <summary>The non-zero entries, column by column, atom by atom within a column (empty unless kept).</summary>
    public IReadOnlyList<CodeEntry> Entries => keepEntries ? _entries : throw new InvalidOperationException("this tally keeps no entries");

    /// <summary>Adds the next columns of the code, <paramref name="window"/> [N, columns].</summary>
    public void Add(SparseCode window)
    {
        if (window.Atoms != atoms) throw new ArgumentException($"a code over {window.Atoms} atoms does not fit a tally of {atoms}");
        for (int n = 0; n < atoms; n++)
            for (int l = 0; l < window.Columns; l++)
            {
                float value = window[n, l];
                _usage[n] += value;
                _used[n] |= value != 0;
            }
        if (keepEntries)
            for (int l = 0; l < window.Columns; l++)
                for (int n = 0; n < atoms; n++)
                    if (window[n, l] != 0) _entries.Add(new CodeEntry(Columns + l, n, window[n, l]));
        Columns += window.Columns;
    }

    /// <summary>
    /// Columns [<paramref name="first"/>, + <paramref name="count"/>) of the code rebuilt from the kept entries:
    /// [N, count], equal to those columns of the whole code.
    /// </summary>
    public SparseCode Window(int first, int count)
    {
        if (first < 0 || count < 1 || (long)first + count > Columns)
            throw new ArgumentException($"columns {first}..{(long)first + count - 1} lie outside a code of {Columns} columns");
        var entries = Entries;
        var window = SparseCode.Zeros(atoms, count);
        int start = SortedPositions.FirstAtOrAfter(entries, first, e => e.Column);
        for (int i = start; i < entries.Count && entries[i].Column < first + count; i++)
            window.Values[entries[i].Atom * count + entries[i].Column - first] = entries[i].Value;
        return window;
    }

    /// <summary>Each atom's summed activation: usage [N].</summary>
    public float[] Usage() => [.. _usage];

    /// <summary>The mean code column, usage / columns: [N].</summary>
    public float[] MeanColumn() => [.. _usage.Select(u => u / Math.Max(1, Columns))];

    /// <summary>The <paramref name="count"/> most used atoms, most used first (<see cref="SparseCode.TopOf"/>).</summary>
    public IReadOnlyList<(int Atom, float Usage)> TopAtoms(int count) => SparseCode.TopOf(_usage, count);

    /// <summary>The atoms with a non-zero anywhere in the code.</summary>
    public IReadOnlySet<int> UsedAtoms() => Enumerable.Range(0, atoms).Where(n => _used[n]).ToHashSet();
}
