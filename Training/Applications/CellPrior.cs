using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// What a drum and step of a bar say about a noisy hit there, for random extra hits at a known rate: from each cell's
/// training hit rate p (<see cref="CellHitRates"/>) and the chance q that the noise lights an empty cell (rate × mean
/// hits per bar over the mean empty cells per bar), a noisy hit at the cell was played with posterior
/// p / (p + (1 − p) q). Above 0.5 exactly where p &gt; q / (1 + q), the Bayes choice cell by cell. Bars start at step
/// 0, as Groove lays them.
/// </summary>
public sealed class CellPrior
{
    private readonly float[] _posterior; // [9, T]: a noisy hit's posterior of having been played, by drum and step

    /// <summary>
    /// The prior of <paramref name="count"/> training bars <paramref name="bars"/>
    /// [count, 27, <paramref name="steps"/>] for <paramref name="rate"/> random extra hits per played hit.
    /// </summary>
    public CellPrior(float[] bars, int count, int steps, double rate)
        : this(new CellHitRates(bars, count, steps), rate)
    {
    }

    /// <summary>
    /// The prior of training hit rates <paramref name="rates"/> for noise at <paramref name="rate"/>, which lights an
    /// empty cell with <see cref="CellHitRates.EmptyCellChance"/>.
    /// </summary>
    public CellPrior(CellHitRates rates, double rate)
        : this(rates, rates.NoiseAt(rate))
    {
    }

    /// <summary>
    /// The prior of training hit rates <paramref name="rates"/> for <paramref name="noise"/>, given
    /// (<see cref="CellHitRates.NoiseAt"/>) or read from a piece (<see cref="CellHitRates.EstimateNoise"/>).
    /// </summary>
    public CellPrior(CellHitRates rates, NoiseEstimate noise)
    {
        double rate = noise.Rate;
        if (!(rate > 0 && rate <= NoiseInjection.MaxRate) || !(noise.EmptyCellChance is > 0 and <= 1))
            throw new ArgumentException(
                $"the noise rate (extra hits per played hit) must lie in (0, {NoiseInjection.MaxRate}], got {rate}");
        Steps = rates.Steps;
        _posterior = new float[DrumMapping.ClassCount * Steps];
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int step = 0; step < Steps; step++)
            {
                double p = rates.Rate(drum, step);
                _posterior[drum * Steps + step] = (float)(p / (p + (1 - p) * noise.EmptyCellChance));
            }
    }

    /// <summary>T: steps of the bars it was fit on, one bar.</summary>
    public int Steps { get; }

    /// <summary>
    /// The posterior that a noisy hit of <paramref name="drum"/> at <paramref name="step"/> of a bar was played.
    /// </summary>
    public float Posterior(int drum, int step) => _posterior[drum * Steps + step];

    /// <summary>
    /// Blends a decoded window [27, <paramref name="steps"/>] in place with the prior, its first step
    /// <paramref name="firstStep"/> of a piece whose bars are <see cref="Steps"/> long: each hit cell becomes half the
    /// decoded value (clamped to [0, 1]) plus half the posterior of <paramref name="noisy"/>'s hit there (0 where it
    /// has none). Above 0.5 a hit must be both lit and likely at its cell; velocity and offset rows stay as decoded.
    /// </summary>
    public void BlendInto(Span<float> decoded, ReadOnlySpan<float> noisy, int steps, int firstStep)
    {
        if (decoded.Length != GrooveGrid.Channels * steps || noisy.Length != decoded.Length || firstStep < 0)
            throw new ArgumentException(
                $"the decoded and noisy windows must both be [{GrooveGrid.Channels}, {steps}], from a step >= 0");
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                int cell = drum * steps + t;
                float posterior = noisy[cell] > 0.5f ? Posterior(drum, (firstStep + t) % Steps) : 0;
                decoded[cell] = 0.5f * Math.Clamp(decoded[cell], 0f, 1f) + 0.5f * posterior;
            }
    }
}
