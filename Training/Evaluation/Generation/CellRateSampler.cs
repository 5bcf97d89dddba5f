using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Evaluation.Generation;

/// <summary>
/// The independent-cells baseline: each (drum, step) of a section is hit with its rate over the training sections,
/// every cell on its own, at the mean velocity of that cell's training hits. Right on average, blind to how drums go
/// together.
/// </summary>
public sealed class CellRateSampler : ISectionGenerator
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
        for (int section = 0; section < train.Count; section++)
            for (int cell = 0; cell < cells; cell++)
                if (train.Values[section * size + cell] > ThresholdSearchShapes.HitLevel)
                {
                    _rates[cell]++;
                    velocitySums[cell] += train.Values[section * size + cells + cell];
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
        var sections = new float[count * size];
        for (int section = 0; section < count; section++)
            for (int cell = 0; cell < cells; cell++)
                if (random.NextDouble() < _rates[cell])
                {
                    sections[section * size + cell] = 1f;
                    sections[section * size + cells + cell] = _velocities[cell];
                }
        return sections;
    }
}
