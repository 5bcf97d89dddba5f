namespace TcnWtaNative.Engine.Inference;

/// <summary>
/// The sparse code of one piece: <see cref="Values"/> is row-major [<see cref="Atoms"/>, <see cref="Columns"/>],
/// one column per frame of K time steps, zero wherever the winner-take-all dropped an atom. A code is checked as it
/// is made (and as a <c>with</c> gives it new values): at least one atom, no negative column count, and exactly
/// atoms × columns values, so no code can index past its values or mean another shape.
/// </summary>
public sealed record SparseCode
{
    private readonly float[] _values = [];

    /// <summary>A code [atoms, columns] over <paramref name="values"/>, row-major, which it keeps (no copy).</summary>
    public SparseCode(int atoms, int columns, float[] values)
    {
        if (atoms < 1 || columns < 0)
            throw new ArgumentOutOfRangeException(atoms < 1 ? nameof(atoms) : nameof(columns),
                $"a sparse code needs at least 1 atom and 0 or more columns, got [{atoms}, {columns}]");
        Atoms = atoms;
        Columns = columns;
        Values = values;
    }

    /// <summary>N, the atoms of the dictionary the code selects from.</summary>
    public int Atoms { get; }

    /// <summary>L, the code's frames.</summary>
    public int Columns { get; }

    /// <summary>The activations [N, L], row-major.</summary>
    public float[] Values
    {
        get => _values;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length != (long)Atoms * Columns)
                throw new ArgumentException(
                    $"a sparse code [{Atoms}, {Columns}] holds {(long)Atoms * Columns} values, got {value.Length}",
                    nameof(value));
            _values = value;
        }
    }

    /// <summary>code[atom, column].</summary>
    public float this[int atom, int column]
    {
        get
        {
            if ((uint)atom >= (uint)Atoms || (uint)column >= (uint)Columns)
                throw new ArgumentOutOfRangeException(nameof(atom),
                    $"[{atom}, {column}] lies outside the code [{Atoms}, {Columns}]");
            return _values[atom * Columns + column];
        }
    }

    /// <summary>
    /// A zero code [atoms, columns], to fill by hand before <see cref="AutoencoderInference.Decode"/>.
    /// </summary>
    public static SparseCode Zeros(int atoms, int columns)
    {
        long count = (long)atoms * columns;
        if (atoms < 1 || columns < 0 || count > Array.MaxLength)
            throw new ArgumentOutOfRangeException(atoms < 1 ? nameof(atoms) : nameof(columns),
                $"a sparse code needs at least 1 atom, 0 or more columns and at most {Array.MaxLength:N0} values, "
                + $"got [{atoms}, {columns}]");
        return new(atoms, columns, new float[count]);
    }

    /// <summary>Each atom's summed activation over the piece: usage [N].</summary>
    public float[] Usage()
    {
        var usage = new float[Atoms];
        for (int n = 0; n < Atoms; n++)
            for (int l = 0; l < Columns; l++) usage[n] += _values[n * Columns + l];
        return usage;
    }

    /// <summary>The mean code column, usage / columns: [N]. A fixed-size summary of a piece of any length.</summary>
    public float[] MeanColumn()
    {
        var usage = Usage();
        for (int n = 0; n < Atoms; n++) usage[n] /= Math.Max(1, Columns);
        return usage;
    }

    /// <summary>
    /// The <paramref name="count"/> most used atoms, by summed activation, most used first; unused atoms are left out.
    /// </summary>
    public IReadOnlyList<(int Atom, float Usage)> TopAtoms(int count) => TopOf(Usage(), count);

    /// <summary>
    /// The <paramref name="count"/> atoms of largest positive <paramref name="usage"/> [N], largest first (the lower
    /// index on a tie).
    /// </summary>
    public static IReadOnlyList<(int Atom, float Usage)> TopOf(float[] usage, int count)
        => [.. usage.Select((sum, atom) => (atom, sum)).Where(a => a.sum > 0)
            .OrderByDescending(a => a.sum).ThenBy(a => a.atom).Take(count)];
}
