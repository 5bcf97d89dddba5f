using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

/// <summary>
/// The humanizing study's simplest baseline, no code: each hit of a quantized bar [27, T] is played at the mean
/// velocity and offset of the training bars' hits at its drum and step (at the drum's mean over all steps where
/// training never played that cell). Method "cell-mean", the same at every budget.
/// </summary>
public sealed class CellMeanCoder : IBarCoder
{
    private readonly int _steps;
    private readonly float[] _velocity, _offset; // [9, T]: the mean at each drum and step

    /// <summary>The means of <paramref name="train"/>'s hits.</summary>
    public CellMeanCoder(Bars train)
    {
        _steps = train.Steps;
        int cells = DrumMapping.ClassCount * _steps, size = train.Channels * _steps;
        var (hits, velocity, offset) = (new int[cells], new double[cells], new double[cells]);
        for (int i = 0; i < train.Count; i++)
            for (int cell = 0; cell < cells; cell++)
                if (train.Values[i * size + cell] > GrooveGrid.HitLevel)
                {
                    hits[cell]++;
                    velocity[cell] += train.Values[i * size + GrooveGrid.VelocityChannel * _steps + cell];
                    offset[cell] += train.Values[i * size + GrooveGrid.OffsetChannel * _steps + cell];
                }
        (_velocity, _offset) = (new float[cells], new float[cells]);
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
        {
            var row = Enumerable.Range(drum * _steps, _steps).ToArray();
            int drumHits = row.Sum(c => hits[c]);
            double drumVelocity = drumHits == 0 ? 0 : row.Sum(c => velocity[c]) / drumHits;
            double drumOffset = drumHits == 0 ? 0 : row.Sum(c => offset[c]) / drumHits;
            foreach (int cell in row)
                (_velocity[cell], _offset[cell]) = hits[cell] == 0 ? ((float)drumVelocity, (float)drumOffset)
                    : ((float)(velocity[cell] / hits[cell]), (float)(offset[cell] / hits[cell]));
        }
    }

    /// <inheritdoc />
    public string Method => "cell-mean";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => 0;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => true;

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => "no code: each hit at the training hits' mean velocity and offset at its drum and step";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        int size = GrooveGrid.Channels * _steps, cells = DrumMapping.ClassCount * _steps;
        if (bars.Length != (long)count * size)
            throw new ArgumentException($"{bars.Length} values are not {count} Groove bars of {_steps} steps");
        var played = new float[bars.Length];
        for (int i = 0; i < count; i++)
            for (int cell = 0; cell < cells; cell++)
                if (bars[i * size + cell] > GrooveGrid.HitLevel)
                {
                    played[i * size + cell] = 1;
                    played[i * size + GrooveGrid.VelocityChannel * _steps + cell] = _velocity[cell];
                    played[i * size + GrooveGrid.OffsetChannel * _steps + cell] = _offset[cell];
                }
        return played;
    }
}
