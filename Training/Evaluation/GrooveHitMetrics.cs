using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// How well reconstructed Groove grids [27, T] match their inputs, hit by hit: a hit is a hit channel above the
/// threshold (0.5 unless tuned). Precision, recall and F1 of the reconstruction's hits against the input's; on the
/// input's true hits, the mean absolute error of the velocity channel (0..1, i.e. MIDI velocity / 127) and of the
/// timing offset, in 16th steps (the stored offset is twice that); and the velocity error on the hits both grids have
/// (the true positives), the velocity a found hit plays; and, per grid, how the reconstruction's velocities on the
/// true hits follow the input's accents (their Pearson correlation). Counts and errors are kept per added grid as well,
/// so F1, the errors and the correlation get bootstrap intervals over grids.
/// </summary>
public sealed class GrooveHitMetrics(float threshold = GrooveHitMetrics.DefaultThreshold)
{
    /// <summary>The decoding threshold of the hit channel (DESIGN section 3).</summary>
    public const float DefaultThreshold = GrooveGrid.HitLevel;

    private readonly PooledF1 _hits = new();
    private readonly PooledMean _velocityErrors = new(), _offsetErrors = new(), _velocityCorrelations = new();
    private double _foundVelocityError;

    /// <summary>A hit channel above this value is a predicted hit.</summary>
    public float Threshold { get; } = threshold;
    /// <summary>The hit counts, pooled and per added grid.</summary>
    public PooledF1 Hits => _hits;
    public long TruePositives => _hits.TruePositives;
    public long FalsePositives => _hits.FalsePositives;
    public long FalseNegatives => _hits.FalseNegatives;
    public double Precision => _hits.Precision;
    public double Recall => _hits.Recall;
    public double F1 => _hits.F1;
    /// <summary>
    /// Mean |velocity error| on the input's hits, in units of the velocity channel (MIDI velocity / 127).
    /// </summary>
    public double VelocityMae => _velocityErrors.Mean;
    /// <summary>The velocity errors on the input's hits, per added grid.</summary>
    public PooledMean VelocityErrors => _velocityErrors;
    /// <summary>
    /// The Pearson correlation of the reconstruction's velocities with the input's on the input's hits, one value per
    /// grid whose hits the input plays at more than one velocity (0 where the reconstruction plays them all alike):
    /// whether the accents are right, whatever the overall level.
    /// </summary>
    public PooledMean VelocityCorrelations => _velocityCorrelations;
    /// <summary>The onset offset errors on the input's hits, in 16th steps, per added grid.</summary>
    public PooledMean OffsetErrors => _offsetErrors;
    /// <summary>
    /// Mean |velocity error| on the hits the reconstruction finds (input and reconstruction both hit), as a note
    /// transcription's velocity is scored on its matched notes; <see cref="VelocityMae"/> also reads a missed hit's
    /// channel, which no decoded file plays.
    /// </summary>
    public double FoundVelocityMae => TruePositives == 0 ? 0 : _foundVelocityError / TruePositives;
    /// <summary>Mean |onset offset error| on the input's hits, in 16th steps.</summary>
    public double OffsetMaeSteps => _offsetErrors.Mean;

    /// <summary>Adds one grid pair: input and reconstruction, each [27, steps] row-major.</summary>
    public void Add(ReadOnlySpan<float> input, ReadOnlySpan<float> reconstruction, int steps)
    {
        if (input.Length != GrooveGrid.Channels * steps || reconstruction.Length != input.Length)
            throw new ArgumentException(
                $"Groove grids of {steps} steps hold {GrooveGrid.Channels * steps} values; got {input.Length} "
                + $"and {reconstruction.Length}");
        int truePositives = 0, falsePositives = 0, falseNegatives = 0, trueHits = 0;
        double velocityErrors = 0, offsetErrors = 0;
        var accents = new Correlation();
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                bool isHit = input[drum * steps + t] > GrooveGrid.HitLevel;
                bool predicted = reconstruction[drum * steps + t] > Threshold;
                if (isHit && predicted) truePositives++;
                else if (predicted) falsePositives++;
                else if (isHit) falseNegatives++;
                if (!isHit) continue;
                trueHits++;
                int velocity = (GrooveGrid.VelocityChannel + drum) * steps + t,
                    offset = (GrooveGrid.OffsetChannel + drum) * steps + t;
                double velocityError = Math.Abs(reconstruction[velocity] - input[velocity]);
                accents.Add(input[velocity], reconstruction[velocity]);
                velocityErrors += velocityError;
                if (predicted) _foundVelocityError += velocityError;
                offsetErrors += Math.Abs(reconstruction[offset] - input[offset]) / 2;
            }
        _hits.Add(truePositives, falsePositives, falseNegatives);
        _velocityErrors.Add(trueHits, velocityErrors);
        _offsetErrors.Add(trueHits, offsetErrors);
        if (accents.Value is double r) _velocityCorrelations.Add(1, r);
    }

    /// <summary>A percentile bootstrap interval of hit F1 over the added grids (see <see cref="PooledF1"/>).</summary>
    public (double Low, double High) F1Interval(double confidence = 0.95, int resamples = 1000, int seed = 1)
        => _hits.F1Interval(confidence, resamples, seed);

    // the running sums of a Pearson correlation of (x, y) pairs
    private struct Correlation
    {
        private int _n;
        private double _x, _y, _xx, _yy, _xy;

        public void Add(double x, double y)
            => (_n, _x, _y, _xx, _yy, _xy) = (_n + 1, _x + x, _y + y, _xx + x * x, _yy + y * y, _xy + x * y);

        // r of the pairs; null where x takes one value (or under two pairs), 0 where only y does
        public readonly double? Value
        {
            get
            {
                double sxx = _n * _xx - _x * _x, syy = _n * _yy - _y * _y;
                if (_n < 2 || sxx <= 1e-9 * _n * _xx) return null;
                return syy <= 1e-9 * _n * _yy ? 0 : (_n * _xy - _x * _y) / Math.Sqrt(sxx * syy);
            }
        }
    }
}
