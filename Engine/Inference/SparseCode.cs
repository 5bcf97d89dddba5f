namespace TcnWtaNative.Engine.Inference;

/// <summary>
/// The sparse code of one piece: <see cref="Values"/> is row-major [<see cref="Atoms"/>, <see cref="Columns"/>],
/// one column per frame of K time steps, zero wherever the winner-take-all dropped an atom.
/// </summary>
public sealed record SparseCode(int Atoms, int Columns, float[] Values)
{
    /// <summary>code[atom, column].</summary>
    public float this[int atom, int column] => Values[atom * Columns + column];

    /// <summary>
    /// A zero code [atoms, columns], to fill by hand before <see cref="AutoencoderInference.Decode"/>.
    /// </summary>
    public static SparseCode Zeros(int atoms, int columns) => new(atoms, columns, new float[checked(atoms * columns)]);

    /// <summary>Each atom's summed activation over the piece: usage [N].</summary>
    public float[] Usage()
    {
        var usage = new float[Atoms];
        for (int n = 0; n < Atoms; n++)
            for (int l = 0; l < Columns; l++) usage[n] += this[n, l];
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
