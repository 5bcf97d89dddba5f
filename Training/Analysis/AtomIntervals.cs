using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Chord and figure statistics of a piano code [N, L] that single-note atoms leave to their co-occurrence, free of
/// transposition: each atom stands for the key of its strongest decoder weight (<see cref="KeysOf"/>), and the row
/// [<see cref="Count"/>] holds the shares of pairs of atoms won in the same column by their distance in semitones
/// (0..24, wider counted as 24), then of pairs won in adjacent columns by the signed step from the earlier atom's key
/// to the later's (−24..24, clipped), each part summing to 1 unless it has no pairs.
/// </summary>
public static class AtomIntervals
{
    /// <summary>The widest interval told apart, in semitones.</summary>
    public const int Widest = 24;

    /// <summary>Features per piece: 25 same-column distances and 49 adjacent-column steps.</summary>
    public const int Count = Widest + 1 + 2 * Widest + 1;

    /// <summary>
    /// Atom n's key 0..87: the piano-roll channel of its largest absolute weight summed over its K steps, modulo the 88
    /// keys (the onset, velocity and offset rows of a key share it).
    /// </summary>
    public static int[] KeysOf(AtomDictionary atoms)
    {
        var keys = new int[atoms.Count];
        for (int n = 0; n < atoms.Count; n++)
        {
            var atom = atoms.Atom(n);
            int best = 0;
            double bestWeight = -1;
            for (int c = 0; c < atoms.Channels; c++)
            {
                double weight = 0;
                foreach (float value in atom.Slice(c * atoms.Length, atoms.Length)) weight += Math.Abs(value);
                if (weight > bestWeight) (best, bestWeight) = (c, weight);
            }
            keys[n] = best % PianoRoll.Keys;
        }
        return keys;
    }

    /// <summary>
    /// The same row from the notes themselves, no model: the pitches of the onsets in each column of
    /// <paramref name="columnSeconds"/> (0.1 s: one column of <c>piano-best</c>'s code) from the first onset.
    /// </summary>
    public static double[] OfNotes(IReadOnlyList<TimedNote> notes, double columnSeconds = 0.1)
    {
        var intervals = new Accumulator([]);
        if (notes.Count == 0) return intervals.Result();
        double first = notes.Min(n => n.Start);
        var columns = notes.GroupBy(n => (int)Math.Floor((n.Start - first) / columnSeconds))
            .ToDictionary(g => g.Key, g => g.Select(n => n.Pitch).ToList());
        var empty = new List<int>();
        for (int column = 0; column <= columns.Keys.Max(); column++)
            intervals.AddColumn(columns.GetValueOrDefault(column, empty));
        return intervals.Result();
    }

    /// <summary>Counts the pairs of a code handed over in windows of columns, memory [N + Count].</summary>
    public sealed class Accumulator(int[] keys)
    {
        private readonly double[] _same = new double[Widest + 1], _adjacent = new double[2 * Widest + 1];
        private List<int> _previous = [], _current = [];

        /// <summary>Adds the columns of one window [N, Lw], continuing the previous window's last column.</summary>
        public void Add(SparseCode window)
        {
            if (window.Atoms != keys.Length)
                throw new ArgumentException($"a code over {window.Atoms} atoms for intervals of {keys.Length}");
            var column = new List<int>();
            for (int j = 0; j < window.Columns; j++)
            {
                column.Clear();
                for (int n = 0; n < window.Atoms; n++)
                    if (window.Values[n * window.Columns + j] != 0) column.Add(keys[n]);
                AddColumn(column);
            }
        }

        /// <summary>Adds one column, given as the keys (or pitches) won in it, after the last one added.</summary>
        public void AddColumn(IReadOnlyList<int> columnKeys)
        {
            _current.Clear();
            _current.AddRange(columnKeys);
            for (int a = 0; a < _current.Count; a++)
                for (int b = a + 1; b < _current.Count; b++)
                    _same[Math.Min(Widest, Math.Abs(_current[b] - _current[a]))]++;
            foreach (int earlier in _previous)
                foreach (int later in _current)
                    _adjacent[Math.Clamp(later - earlier, -Widest, Widest) + Widest]++;
            (_previous, _current) = (_current, _previous);
        }

        /// <summary>The shares of every pair counted so far [<see cref="Count"/>].</summary>
        public double[] Result() => [.. Shares(_same), .. Shares(_adjacent)];

        private static IEnumerable<double> Shares(double[] counts)
        {
            double total = counts.Sum();
            return counts.Select(c => total > 0 ? c / total : 0);
        }
    }
}
