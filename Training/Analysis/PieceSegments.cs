using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A drum piece cut into segments of a few bars for a segment-level probe (classify --unit segment): a segment is B
/// bars of 4/4 on the Groove grid (16 sixteenth steps each), mapped to whole code columns (frames of K steps,
/// 16 B / K rounded up, so one-beat atoms make 4 B columns and one-bar atoms B). The piece's columns are cut from the
/// start; a last piece of at least half a segment is a segment of its own, a shorter one joins the segment before it
/// (or, in a piece shorter than half a segment, is its only segment). Every segment gets the features a whole piece
/// gets (<see cref="PieceFeatures"/>: pooled code, decoded frames, the drum-class histogram of the notes whose step
/// lies in its columns, and the played profile of its input frames); a segment without a mapped drum note is dropped.
/// </summary>
public static class PieceSegments
{
    /// <summary>The segment length classify uses when none is given, in bars.</summary>
    public const int DefaultBars = 4;

    /// <summary>Code columns in a segment of <paramref name="bars"/> 4/4 bars of K-step frames (at least 1).</summary>
    public static int ColumnsFor(int bars, int frameLength)
    {
        if (bars < 1) throw new ArgumentException($"a segment needs at least one bar, got {bars}");
        if (frameLength < 1) throw new ArgumentException($"a frame needs at least one step, got {frameLength}");
        long steps = (long)bars * GrooveGrid.StepsPerWholeNote;
        return (int)Math.Min(int.MaxValue, (steps + frameLength - 1) / frameLength);
    }

    /// <summary>
    /// The segments of a piece of <paramref name="columns"/> code columns, each its first column and count, in order:
    /// whole segments of <paramref name="segmentColumns"/>, the tail by the rule above.
    /// </summary>
    public static IReadOnlyList<(int First, int Count)> Cut(int columns, int segmentColumns)
    {
        if (segmentColumns < 1)
            throw new ArgumentException($"a segment needs at least one column, got {segmentColumns}");
        if (columns < 1) throw new ArgumentException($"a piece needs at least one column, got {columns}");
        var segments = new List<(int First, int Count)>();
        int whole = columns / segmentColumns, tail = columns % segmentColumns;
        for (int s = 0; s < whole; s++) segments.Add((s * segmentColumns, segmentColumns));
        if (tail == 0) return segments;
        if (2L * tail >= segmentColumns || segments.Count == 0) segments.Add((whole * segmentColumns, tail));
        else segments[^1] = (segments[^1].First, segments[^1].Count + tail);
        return segments;
    }

    /// <summary>
    /// Pools a piece's code (and its decoded frames) segment by segment as the windows arrive, memory one segment's
    /// accumulators and the finished segments' features.
    /// </summary>
    public sealed class Accumulator
    {
        private readonly int _atoms, _channels, _frameLength;
        private readonly IReadOnlyList<(int First, int Count)> _segments;
        private readonly int[][] _hits;
        private readonly List<(PooledCode Code, DrumFrames Decoded, DrumFrames Played, double[] Histogram)> _done = [];
        private PooledCode.Accumulator _code;
        private DrumFrames.Accumulator _decoded, _played;
        private int _next;

        /// <summary>
        /// An accumulator for a piece of <paramref name="columns"/> code columns of frames of
        /// <paramref name="frameLength"/> steps over <paramref name="atoms"/> atoms, decoded into
        /// <paramref name="channels"/> channels, whose mapped drum notes are <paramref name="hits"/>.
        /// </summary>
        public Accumulator(int atoms, int channels, int frameLength, IEnumerable<GrooveHit> hits, int columns,
            int segmentColumns)
        {
            (_atoms, _channels, _frameLength) = (atoms, channels, frameLength);
            _segments = Cut(columns, segmentColumns);
            var segmentOf = new int[columns];
            for (int s = 0; s < _segments.Count; s++)
                Array.Fill(segmentOf, s, _segments[s].First, _segments[s].Count);
            _hits = [.. _segments.Select(_ => new int[DrumMapping.ClassCount])];
            foreach (var hit in hits)
                if (hit.Step / frameLength < columns) _hits[segmentOf[hit.Step / frameLength]][hit.Class]++;
            (_code, _decoded, _played) = Empty();
        }

        /// <summary>
        /// Adds a window's code [N, Lw] whose first column is <paramref name="firstColumn"/> of the piece, its
        /// decoded frames [C, Lw K] and the input frames the model read, <paramref name="played"/> [C, Lw K]
        /// (row-major).
        /// </summary>
        public void Add(SparseCode window, int firstColumn, float[] decoded, float[] played)
        {
            int done = 0;
            while (done < window.Columns)
            {
                if (_next >= _segments.Count)
                    throw new ArgumentException(
                        $"columns past the piece's last segment at column {firstColumn + done}");
                var (first, count) = _segments[_next];
                int end = first + count, column = firstColumn + done;
                if (column < first) throw new ArgumentException($"column {column} arrived after column {first}");
                int take = Math.Min(end - column, window.Columns - done);
                _code.Add(CodeEditing.Columns(window, done, take));
                var steps = (Start: done * _frameLength, Count: take * _frameLength);
                _decoded.Add(SignalRows.Slice(decoded, _channels, window.Columns * _frameLength, steps.Start,
                    steps.Count), take);
                _played.Add(SignalRows.Slice(played, _channels, window.Columns * _frameLength, steps.Start,
                    steps.Count), take);
                done += take;
                if (column + take == end) Finish();
            }
        }

        /// <summary>
        /// The features of every segment with a mapped drum note, in order, each labelled as
        /// <paramref name="piece"/>; an ArgumentException if some columns never arrived.
        /// </summary>
        public IReadOnlyList<PieceFeatures> Result(LabeledPiece piece)
        {
            if (_next < _segments.Count)
                throw new ArgumentException($"{_segments.Count - _next} of {_segments.Count} segments never finished");
            return [.. _done.Where(s => s.Histogram.Any(share => share > 0)).Select(s => new PieceFeatures(piece,
                s.Code, new Dictionary<string, double[]>
                {
                    [PieceFeatures.DrumClasses] = s.Histogram, [PieceFeatures.PlayedProfile] = s.Played.Profile,
                }, null, s.Decoded))];
        }

        // the current segment's last column arrived: keep its features, start the next one
        private void Finish()
        {
            var counts = _hits[_next];
            double total = counts.Sum();
            _done.Add((_code.Result(), _decoded.Result(), _played.Result(),
                [.. counts.Select(count => total > 0 ? count / total : 0)]));
            (_code, _decoded, _played) = Empty();
            _next++;
        }

        // a segment's empty accumulators: its code [N], its decoded and its input frames [27, K]
        private (PooledCode.Accumulator, DrumFrames.Accumulator, DrumFrames.Accumulator) Empty()
            => (new PooledCode.Accumulator(_atoms), new DrumFrames.Accumulator(_channels, _frameLength),
                new DrumFrames.Accumulator(_channels, _frameLength));
    }
}
