using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// How well reconstructed Groove grids [27, T] match their inputs, hit by hit: a hit is a hit channel above the
/// threshold (0.5 unless tuned). Precision, recall and F1 of the reconstruction's hits against the input's; on the
/// input's true hits, the mean absolute error of the velocity channel (0..1, i.e. MIDI velocity / 127) and of the
/// timing offset, in 16th steps (the stored offset is twice that). Counts are kept per added grid as well, so F1 gets a
/// bootstrap interval over grids.
/// </summary>
public sealed class GrooveHitMetrics(float threshold = GrooveHitMetrics.DefaultThreshold)
{
    /// <summary>The decoding threshold of the hit channel (DESIGN section 3).</summary>
    public const float DefaultThreshold = 0.5f;

    private readonly List<(int TruePositives, int FalsePositives, int FalseNegatives)> _perGrid = [];
    private long _truePositives, _falsePositives, _falseNegatives, _trueHits;
    private double _velocityError, _offsetError;

    /// <summary>A hit channel above this value is a predicted hit.</summary>
    public float Threshold { get; } = threshold;
    public long TruePositives => _truePositives;
    public long FalsePositives => _falsePositives;
    public long FalseNegatives => _falseNegatives;
    public double Precision => Ratio(_truePositives, _truePositives + _falsePositives);
    public double Recall => Ratio(_truePositives, _truePositives + _falseNegatives);
    public double F1 => F1Of(_truePositives, _falsePositives, _falseNegatives);
    /// <summary>Mean |velocity error| on the input's hits, in units of the velocity channel (MIDI velocity / 127).</summary>
    public double VelocityMae => _trueHits == 0 ? 0 : _velocityError / _trueHits;
    /// <summary>Mean |onset offset error| on the input's hits, in 16th steps.</summary>
    public double OffsetMaeSteps => _trueHits == 0 ? 0 : _offsetError / _trueHits / 2;

    /// <summary>Adds one grid pair: input and reconstruction, each [27, steps] row-major.</summary>
    public void Add(ReadOnlySpan<float> input, ReadOnlySpan<float> reconstruction, int steps)
    {
        if (input.Length != GrooveGrid.Channels * steps || reconstruction.Length != input.Length)
            throw new ArgumentException($"Groove grids of {steps} steps hold {GrooveGrid.Channels * steps} values; got {input.Length} and {reconstruction.Length}");
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                bool isHit = input[drum * steps + t] > 0.5f, predicted = reconstruction[drum * steps + t] > Threshold;
                if (isHit && predicted) truePositives++;
                else if (predicted) falsePositives++;
                else if (isHit) falseNegatives++;
                if (!isHit) continue;
                _trueHits++;
                int velocity = (GrooveGrid.VelocityChannel + drum) * steps + t, offset = (GrooveGrid.OffsetChannel + drum) * steps + t;
                _velocityError += Math.Abs(reconstruction[velocity] - input[velocity]);
                _offsetError += Math.Abs(reconstruction[offset] - input[offset]);
            }
        (_truePositives, _falsePositives, _falseNegatives) = (_truePositives + truePositives, _falsePositives + falsePositives, _falseNegatives + falseNegatives);
        _perGrid.Add((truePositives, falsePositives, falseNegatives));
    }

    /// <summary>
    /// A percentile bootstrap interval of F1 over the added grids: F1 of the pooled counts of
    /// <paramref name="resamples"/> resamples of the grids drawn with replacement (seeded, so reproducible).
    /// </summary>
    public (double Low, double High) F1Interval(double confidence = 0.95, int resamples = 1000, int seed = 1)
    {
        if (_perGrid.Count == 0) return (F1, F1);
        var random = new Random(seed);
        var values = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            long tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < _perGrid.Count; i++)
            {
                var grid = _perGrid[random.Next(_perGrid.Count)];
                (tp, fp, fn) = (tp + grid.TruePositives, fp + grid.FalsePositives, fn + grid.FalseNegatives);
            }
            values[r] = F1Of(tp, fp, fn);
        }
        Array.Sort(values);
        double tail = (1 - confidence) / 2;
        return (values[(int)Math.Floor(tail * (resamples - 1))], values[(int)Math.Ceiling((1 - tail) * (resamples - 1))]);
    }

    private static double Ratio(long part, long whole) => whole == 0 ? 1 : (double)part / whole;

    private static double F1Of(long truePositives, long falsePositives, long falseNegatives)
    {
        double precision = Ratio(truePositives, truePositives + falsePositives), recall = Ratio(truePositives, truePositives + falseNegatives);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
