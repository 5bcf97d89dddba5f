using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A chain over the code columns of real pieces, for generation: each new column is the next column of a real piece
/// at a place whose column held one of the atoms just played (one of them drawn at random; an empty column stands for
/// itself), so every step follows something a player played after that atom, and a run of such steps makes new
/// sequences out of real continuations. Pieces start on a bar; a column's position is its index modulo
/// <paramref name="columnsPerBar"/>, and a step only follows places at the position before, so beats stay in place.
/// Where no place continues, the column is a random real column at its position. Columns are lists of (atom, value).
/// </summary>
public sealed class CodeChain(int columnsPerBar)
{
    private const int EmptyColumn = -1;

    private readonly List<(int Atom, float Value)[]> _columns = [];
    // _next[i]: the column after column i in its piece, -1 at a piece's end
    private readonly List<int> _next = [];
    // _byPosition[p]: every column at position p; _places[p][atom]: columns at p holding the atom that have a next
    private readonly List<int>[] _byPosition =
        [.. Enumerable.Range(0, CheckedPerBar(columnsPerBar)).Select(_ => new List<int>())];
    private readonly Dictionary<int, List<int>>[] _places =
        [.. Enumerable.Range(0, columnsPerBar).Select(_ => new Dictionary<int, List<int>>())];

    /// <summary>
    /// Code columns per bar of <paramref name="barSteps"/> steps for atoms of <paramref name="frameLength"/> steps,
    /// or 1 where the atoms do not tile the bar (the chain then leaves positions aside).
    /// </summary>
    public static int ColumnsPerBar(int barSteps, int frameLength)
        => barSteps % frameLength == 0 ? barSteps / frameLength : 1;

    /// <summary>Columns added over all pieces.</summary>
    public int Columns => _columns.Count;

    /// <summary>Adds a piece's code columns in order, the first on a bar's first column.</summary>
    public void Add(IReadOnlyList<(int Atom, float Value)[]> piece)
    {
        for (int l = 0; l < piece.Count; l++)
        {
            int index = _columns.Count, position = l % columnsPerBar;
            _columns.Add(piece[l]);
            _next.Add(l + 1 < piece.Count ? index + 1 : -1);
            _byPosition[position].Add(index);
            if (l + 1 == piece.Count) continue;
            foreach (int atom in Keys(piece[l]))
            {
                if (!_places[position].TryGetValue(atom, out var places)) _places[position][atom] = places = [];
                places.Add(index);
            }
        }
    }

    /// <summary>Adds a piece's code, kept with its entries (<see cref="CodeTally"/> made with keepEntries).</summary>
    public void Add(CodeTally piece)
        => Add([.. Enumerable.Range(0, piece.Columns)
            .Select(l => piece.EntriesOf(l, 1).ToArray().Select(e => (e.Atom, e.Value)).ToArray())]);

    /// <summary>
    /// <paramref name="count"/> new columns from a bar's first column on, each drawn as the chain says.
    /// </summary>
    public IReadOnlyList<(int Atom, float Value)[]> Sample(int count, Random random)
    {
        if (_columns.Count == 0) throw new InvalidOperationException("the chain has no columns to sample from");
        var sampled = new List<(int Atom, float Value)[]>(count);
        int previous = -1;
        for (int l = 0; l < count; l++)
        {
            int position = l % columnsPerBar, source = -1;
            if (previous >= 0)
            {
                var keys = Keys(_columns[previous]).ToArray();
                int before = (position + columnsPerBar - 1) % columnsPerBar;
                if (_places[before].TryGetValue(keys[random.Next(keys.Length)], out var places))
                    source = _next[places[random.Next(places.Count)]];
            }
            if (source < 0)
            {
                var atPosition = _byPosition[position].Count > 0 ? _byPosition[position] : _byPosition[0];
                source = atPosition[random.Next(atPosition.Count)];
            }
            sampled.Add(_columns[source]);
            previous = source;
        }
        return sampled;
    }

    // the keys a column is followed by: its atoms, or the empty column's own key
    private static IEnumerable<int> Keys((int Atom, float Value)[] column)
        => column.Length == 0 ? [EmptyColumn] : column.Select(entry => entry.Atom);

    private static int CheckedPerBar(int columnsPerBar)
        => columnsPerBar >= 1 ? columnsPerBar
            : throw new ArgumentException($"a bar holds at least one code column, got {columnsPerBar}");
}
