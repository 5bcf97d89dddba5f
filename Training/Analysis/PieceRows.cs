namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Pieces as a probe's rows: every piece's <see cref="PieceFeatures.Rows"/> (its segments, or itself) in order, each
/// row labelled as its piece, with the index of that piece, so per-piece values (a fold) spread to its rows.
/// </summary>
public sealed record PieceRows(IReadOnlyList<PieceFeatures> Rows, IReadOnlyList<int> PieceOf)
{
    /// <summary>The rows of <paramref name="pieces"/>, piece by piece.</summary>
    public static PieceRows Of(IReadOnlyList<PieceFeatures> pieces)
    {
        var rows = new List<PieceFeatures>();
        var pieceOf = new List<int>();
        for (int p = 0; p < pieces.Count; p++)
            foreach (var row in pieces[p].Rows) { rows.Add(row); pieceOf.Add(p); }
        return new PieceRows(rows, pieceOf);
    }

    /// <summary>Each row's label, its piece's [rows].</summary>
    public IReadOnlyList<string> Labels => [.. Rows.Select(row => row.Piece.Label)];

    /// <summary>Each row's features under <paramref name="set"/> [rows][D].</summary>
    public IReadOnlyList<double[]> Features(FeatureSet set) => [.. Rows.Select(set.Of)];

    /// <summary>A value per piece [pieces] given to each of its rows [rows].</summary>
    public IReadOnlyList<T> Spread<T>(IReadOnlyList<T> perPiece) => [.. PieceOf.Select(p => perPiece[p])];
}
