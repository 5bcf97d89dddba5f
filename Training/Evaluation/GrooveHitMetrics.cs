using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation;

/// <summary>
/// How well reconstructed Groove grids [27, T] match their inputs, hit by hit: a hit is a hit channel above 0.5.
/// Precision, recall and F1 of the reconstruction's hits against the input's; on the input's true hits, the mean
/// absolute error of the velocity channel (0..1, i.e. MIDI velocity / 127) and of the timing offset, in 16th steps
/// (the stored offset is twice that).
/// </summary>
public sealed class GrooveHitMetrics
{
    private long _truePositives, _falsePositives, _falseNegatives, _trueHits;
    private double _velocityError, _offsetError;

    public long TruePositives => _truePositives;
    public long FalsePositives => _falsePositives;
    public long FalseNegatives => _falseNegatives;
    public double Precision => _truePositives + _falsePositives == 0 ? 1 : (double)_truePositives / (_truePositives + _falsePositives);
    public double Recall => _truePositives + _falseNegatives == 0 ? 1 : (double)_truePositives / (_truePositives + _falseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    /// <summary>Mean |velocity error| on the input's hits, in units of the velocity channel (MIDI velocity / 127).</summary>
    public double VelocityMae => _trueHits == 0 ? 0 : _velocityError / _trueHits;
    /// <summary>Mean |onset offset error| on the input's hits, in 16th steps.</summary>
    public double OffsetMaeSteps => _trueHits == 0 ? 0 : _offsetError / _trueHits / 2;

    /// <summary>Adds one grid pair: input and reconstruction, each [27, steps] row-major.</summary>
    public void Add(ReadOnlySpan<float> input, ReadOnlySpan<float> reconstruction, int steps)
    {
        if (input.Length != GrooveGrid.Channels * steps || reconstruction.Length != input.Length)
            throw new ArgumentException($"Groove grids of {steps} steps hold {GrooveGrid.Channels * steps} values; got {input.Length} and {reconstruction.Length}");
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                bool isHit = input[drum * steps + t] > 0.5f, predicted = reconstruction[drum * steps + t] > 0.5f;
                if (isHit && predicted) _truePositives++;
                else if (predicted) _falsePositives++;
                else if (isHit) _falseNegatives++;
                if (!isHit) continue;
                _trueHits++;
                int velocity = (GrooveGrid.VelocityChannel + drum) * steps + t, offset = (GrooveGrid.OffsetChannel + drum) * steps + t;
                _velocityError += Math.Abs(reconstruction[velocity] - input[velocity]);
                _offsetError += Math.Abs(reconstruction[offset] - input[offset]);
            }
    }
}
