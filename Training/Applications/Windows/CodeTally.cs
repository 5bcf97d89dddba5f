using System.Runtime.InteropServices;
using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>One non-zero of a code: code[atom, column] = value.</summary>
public readonly record struct CodeEntry(int Column, int Atom, float Value);

/// <summary>
/// What the applications need of a piece's whole code [N, L], gathered window by window (<see cref="Add"/>) so the
/// dense code never sits in memory: each atom's summed activation in column order (so <see cref="Usage"/> and
/// <see cref="TopAtoms"/> equal <see cref="SparseCode.Usage"/> and <see cref="SparseCode.TopAtoms"/> of the whole
/// code), the atoms used, and, when asked for, the non-zero entries column by column (12 bytes each, and 4 bytes a
/// column for where each column's entries start).
/// </summary>
public sealed class CodeTally(int atoms, bool keepEntries = false)
{
    private readonly float[] _usage = new float[atoms];
    private readonly bool[] _used = new bool[atoms];
    private readonly List<CodeEntry> _entries = [];
    // _columnStarts[l]: the index of column l's first entry; one more, the entries' count, closes the last column
    private readonly List<int> _columnStarts = [0];

    /// <summary>N: atoms of the code.</summary>
    public int Atoms => atoms;

    /// <summary>L: columns added so far.</summary>
    public int Columns { get; private set; }

    /// <summary>The non-zero entries, column by column, atom by atom within a column (empty unless kept).</summary>
    public IReadOnlyList<CodeEntry> Entries
        => keepEntries ? _entries : throw new InvalidOperationException("this tally keeps no entries");

    /// <summary>Adds the next columns of the code, <paramref name="window"/> [N, columns].</summary>
    public void Add(SparseCode window)
    {
        if (window.Atoms != atoms)
            throw new ArgumentException($"a code over {window.Atoms} atoms does not fit a tally of {atoms}");
        for (int n = 0; n < atoms; n++)
            for (int l = 0; l < window.Columns; l++)
            {
                float value = window[n, l];
                _usage[n] += value;
                _used[n] |= value != 0;
            }
        if (keepEntries)
            for (int l = 0; l < window.Columns; l++)
            {
                for (int n = 0; n < atoms; n++)
                    if (window[n, l] != 0) _entries.Add(new CodeEntry(Columns + l, n, window[n, l]));
                _columnStarts.Add(_entries.Count);
            }
        Columns += window.Columns;
    }

    /// <summary>
    /// Adds the next column of the code as its non-zeros, (atom, value) pairs of distinct atoms in any order (sorted
    /// here, so they are kept atom by atom): the same as adding that column [N, 1] through <see cref="Add"/>.
    /// </summary>
    public void AddColumn(Span<(int Atom, float Value)> column)
    {
        column.Sort((x, y) => x.Atom.CompareTo(y.Atom));
        foreach (var (atom, value) in column)
        {
            if ((uint)atom >= (uint)atoms)
                throw new ArgumentException($"atom {atom} lies outside a tally of {atoms} atoms");
            _usage[atom] += value;
            _used[atom] |= value != 0;
            if (keepEntries && value != 0) _entries.Add(new CodeEntry(Columns, atom, value));
        }
        if (keepEntries) _columnStarts.Add(_entries.Count);
        Columns++;
    }

    /// <summary>
    /// Columns [<paramref name="first"/>, + <paramref name="count"/>) of the code rebuilt from the kept entries:
    /// [N, count], equal to those columns of the whole code.
    /// </summary>
    public SparseCode Window(int first, int count)
    {
        var window = SparseCode.Zeros(atoms, count);
        foreach (var entry in EntriesOf(first, count))
            window.Values[entry.Atom * count + entry.Column - first] = entry.Value;
        return window;
    }

    /// <summary>
    /// The kept entries of columns [<paramref name="first"/>, + <paramref name="count"/>), column by column, atom by
    /// atom within a column: a view of the tally's own entries, valid until the next <see cref="Add"/>.
    /// </summary>
    public ReadOnlySpan<CodeEntry> EntriesOf(int first, int count)
    {
        if (!keepEntries) throw new InvalidOperationException("this tally keeps no entries");
        if (first < 0 || count < 1 || (long)first + count > Columns)
            throw new ArgumentException(
                $"columns {first}..{(long)first + count - 1} lie outside a code of {Columns} columns");
        int start = _columnStarts[first];
        return CollectionsMarshal.AsSpan(_entries)[start.._columnStarts[first + count]];
    }

    /// <summary>
    /// The atoms with a non-zero in columns [<paramref name="first"/>, + <paramref name="count"/>) (entries kept).
    /// </summary>
    public IReadOnlySet<int> UsedAtoms(int first, int count)
    {
        var used = new HashSet<int>();
        foreach (var entry in EntriesOf(first, count)) used.Add(entry.Atom);
        return used;
    }

    /// <summary>Each atom's summed activation: usage [N].</summary>
    public float[] Usage() => [.. _usage];

    /// <summary>The mean code column, usage / columns: [N].</summary>
    public float[] MeanColumn() => [.. _usage.Select(u => u / Math.Max(1, Columns))];

    /// <summary>
    /// The <paramref name="count"/> most used atoms, most used first (<see cref="SparseCode.TopOf"/>).
    /// </summary>
    public IReadOnlyList<(int Atom, float Usage)> TopAtoms(int count) => SparseCode.TopOf(_usage, count);

    /// <summary>The atoms with a non-zero anywhere in the code.</summary>
    public IReadOnlySet<int> UsedAtoms() => Enumerable.Range(0, atoms).Where(n => _used[n]).ToHashSet();
}
