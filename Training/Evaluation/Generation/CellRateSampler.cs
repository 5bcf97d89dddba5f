using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The independent-cells baseline: each (drum, step) of a bar is hit with its rate over the training bars, every cell
/// on its own, at the mean velocity of that cell's training hits. Right on average, blind to how drums go together.
/// </summary>
public sealed class CellRateSampler : IBarGenerator
{
    private readonly double[] _rates;
    private readonly float[] _velocities;
    private readonly int _channels, _steps;

    public CellRateSampler(Bars train)
    {
        (_channels, _steps) = (train.Channels, train.Steps);
        int cells = DrumMapping.ClassCount * train.Steps, size = train.Channels * train.Steps;
        (_rates, _velocities) = (new double[cells], new float[cells]);
        var velocitySums = new double[cells];
        for (int bar = 0; bar < train.Count; bar++)
            for (int cell = 0; cell < cells; cell++)
                if (train.Values[bar * size + cell] > ThresholdSearchShapes.HitLevel)
                {
                    _rates[cell]++;
                    velocitySums[cell] += train.Values[bar * size + cells + cell];
                }
        for (int cell = 0; cell < cells; cell++)
        {
            _velocities[cell] = _rates[cell] > 0 ? (float)(velocitySums[cell] / _rates[cell]) : 0f;
            _rates[cell] /= train.Count;
        }
    }

    public string Method => "cell-rates";
    public string Meaning => "each drum and step hit at its training rate, independently";

    public float[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        int cells = _rates.Length, size = _channels * _steps;
        var bars = new float[count * size];
        for (int bar = 0; bar < count; bar++)
            for (int cell = 0; cell < cells; cell++)
                if (random.NextDouble() < _rates[cell])
                    (bars[bar * size + cell], bars[bar * size + cells + cell]) = (1f, _velocities[cell]);
        return bars;
    }
}
