using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Fixed-size statistics of a piece's sparse code [N, L], each [N]: <see cref="Mean"/>, atom n's mean activation over
/// the L columns; <see cref="Max"/>, its largest value in any column (0 for an atom that never won, since the other
/// columns hold zeros); <see cref="Usage"/>, its share of the piece's non-zero entries (the atom-usage histogram,
/// summing to 1 unless the code is all zero); <see cref="Spread"/>, the standard deviation of its activation over the
/// L columns; <see cref="ActiveMean"/>, its mean over the columns where it is non-zero (0 for an atom that never won);
/// <see cref="LocalMax"/>, the mean over consecutive segments of <see cref="SegmentColumns"/> columns (the last one
/// possibly shorter) of its largest value in each: how strong it typically gets, where <see cref="Max"/> is its single
/// strongest moment.
/// </summary>
public sealed record PooledCode(double[] Mean, double[] Max, double[] Usage, double[] Spread, double[] ActiveMean,
    double[] LocalMax)
{
    /// <summary>
    /// Columns per segment of <see cref="LocalMax"/>: 10 s of the onset roll's 2-frame columns at 20 fps.
    /// </summary>
    public const int SegmentColumns = 100;

    /// <summary>
    /// Pools a code handed over in windows of columns (<see cref="Applications.Windows.WindowedCoding"/>), memory [N].
    /// </summary>
    public sealed class Accumulator(int atoms)
    {
        private readonly double[] _sum = new double[atoms], _squares = new double[atoms], _max = new double[atoms],
            _nonZeros = new double[atoms], _segmentMax = new double[atoms], _localMaxSum = new double[atoms];
        private long _columns;
        private bool _any;

        /// <summary>Adds the columns of one window [N, Lw].</summary>
        public void Add(SparseCode window)
        {
            if (window.Atoms != _sum.Length)
                throw new ArgumentException($"a code over {window.Atoms} atoms for statistics of {_sum.Length}");
            for (int n = 0; n < window.Atoms; n++)
            {
                var row = window.Values.AsSpan(n * window.Columns, window.Columns);
                double max = _any ? _max[n] : double.NegativeInfinity;
                for (int j = 0; j < row.Length; j++)
                {
                    float value = row[j];
                    if ((_columns + j) % SegmentColumns == 0) StartSegment(n, _columns + j);
                    _segmentMax[n] = Math.Max(_segmentMax[n], value);
                    _sum[n] += value;
                    _squares[n] += (double)value * value;
                    max = Math.Max(max, value);
                    if (value != 0) _nonZeros[n]++;
                }
                if (row.Length > 0) _max[n] = max;
            }
            _columns += window.Columns;
            _any |= window.Columns > 0;
        }

        /// <summary>The statistics of every column added so far.</summary>
        public PooledCode Result()
        {
            long segments = (_columns + SegmentColumns - 1) / SegmentColumns;
            var localMax = _localMaxSum.Select((sum, n) => segments > 0 ? (sum + _segmentMax[n]) / segments : 0)
                .ToArray();
            double columns = Math.Max(1, _columns), nonZeros = _nonZeros.Sum();
            var mean = _sum.Select(s => s / columns).ToArray();
            var spread = mean.Select((m, n) => Math.Sqrt(Math.Max(0, _squares[n] / columns - m * m))).ToArray();
            var activeMean = _sum.Select((s, n) => _nonZeros[n] > 0 ? s / _nonZeros[n] : 0).ToArray();
            return new PooledCode(mean, (double[])_max.Clone(),
                [.. _nonZeros.Select(c => nonZeros > 0 ? c / nonZeros : 0)], spread, activeMean, localMax);
        }

        // at a segment's first column: adds the segment before it (if any) to atom n's sum of segment maxima
        private void StartSegment(int n, long column)
        {
            if (column > 0) _localMaxSum[n] += _segmentMax[n];
            _segmentMax[n] = double.NegativeInfinity;
        }
    }
}
