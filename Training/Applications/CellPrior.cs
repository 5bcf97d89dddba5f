using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// What a drum and step of a bar say about a noisy cell, for noise of a known kind (<see cref="HitNoise"/>): from each
/// cell's training hit rate p (<see cref="CellHitRates"/>), the chance q that the noise lights an empty cell (rate ×
/// mean hits per bar over the mean empty cells per bar) and the share d of played hits it drops, a noisy hit at the
/// cell was played with posterior p (1 − d) / (p (1 − d) + (1 − p) q), and a silent cell with p d / (p d +
/// (1 − p)(1 − q)) (0 without drops). A hit's is above 0.5 exactly where the Bayes choice cell by cell keeps it.
/// Bars start at step 0, as Groove lays them.
/// </summary>
public sealed class CellPrior
{
    private readonly float[] _posterior; // [9, T]: a noisy hit's posterior of having been played, by drum and step
    private readonly float[] _silencePosterior; // [9, T]: a silent cell's posterior of having been played (dropped)

    /// <summary>
    /// The prior of <paramref name="count"/> training bars <paramref name="bars"/>
    /// [count, 27, <paramref name="steps"/>] for <paramref name="noise"/>.
    /// </summary>
    public CellPrior(float[] bars, int count, int steps, HitNoise noise)
        : this(new CellHitRates(bars, count, steps), noise)
    {
    }

    /// <summary>
    /// The prior of training hit rates <paramref name="rates"/> for <paramref name="noise"/>, whose extra hits light an
    /// empty cell with <see cref="CellHitRates.EmptyCellChance"/>.
    /// </summary>
    public CellPrior(CellHitRates rates, HitNoise noise)
        : this(rates, rates.NoiseAt(noise))
    {
    }

    /// <summary>
    /// The prior of training hit rates <paramref name="rates"/> for <paramref name="noise"/>, given
    /// (<see cref="CellHitRates.NoiseAt"/>) or read from a piece (<see cref="CellHitRates.EstimateNoise"/>).
    /// </summary>
    public CellPrior(CellHitRates rates, NoiseEstimate noise)
    {
        double rate = noise.Rate, chance = noise.EmptyCellChance, drop = noise.DropFraction;
        if (!(rate >= 0 && rate <= NoiseInjection.MaxRate) || !(chance is >= 0 and <= 1) || rate > 0 != chance > 0
            || !(drop is >= 0 and <= HitNoise.MaxDropFraction) || rate == 0 && drop == 0)
            throw new ArgumentException(
                $"the prior needs noise: extra hits per played hit in [0, {NoiseInjection.MaxRate}] (got {rate}, "
                + $"lighting an empty cell with chance {chance}) or a share of dropped hits in "
                + $"[0, {HitNoise.MaxDropFraction}] (got {drop}), not neither");
        Steps = rates.Steps;
        _posterior = new float[DrumMapping.ClassCount * Steps];
        _silencePosterior = new float[_posterior.Length];
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int step = 0; step < Steps; step++)
            {
                double p = rates.Rate(drum, step), kept = p * (1 - drop), lit = (1 - p) * chance;
                double dropped = p * drop, dark = (1 - p) * (1 - chance);
                // a hit no noise could have made was played; a silence no noise could have made was not
                _posterior[drum * Steps + step] = kept + lit > 0 ? (float)(kept / (kept + lit)) : 1;
                _silencePosterior[drum * Steps + step] = dropped > 0 ? (float)(dropped / (dropped + dark)) : 0;
            }
    }

    /// <summary>T: steps of the bars it was fit on, one bar.</summary>
    public int Steps { get; }

    /// <summary>
    /// The posterior that a noisy hit of <paramref name="drum"/> at <paramref name="step"/> of a bar was played.
    /// </summary>
    public float Posterior(int drum, int step) => _posterior[drum * Steps + step];

    /// <summary>
    /// The posterior that a silent cell of <paramref name="drum"/> at <paramref name="step"/> of a noisy bar was
    /// played and dropped: 0 for noise that drops nothing.
    /// </summary>
    public float SilencePosterior(int drum, int step) => _silencePosterior[drum * Steps + step];

    /// <summary>The posterior that a cell of a noisy bar was played, whether the bar has a hit there or not.</summary>
    public float PosteriorOf(bool noisyHit, int drum, int step)
        => noisyHit ? Posterior(drum, step) : SilencePosterior(drum, step);

    /// <summary>
    /// Blends a decoded window [27, <paramref name="steps"/>] in place with the prior, its first step
    /// <paramref name="firstStep"/> of a piece whose bars are <see cref="Steps"/> long: each hit cell becomes half the
    /// decoded value (clamped to [0, 1]) plus half the posterior that <paramref name="noisy"/>'s cell there was played
    /// (<see cref="PosteriorOf"/>). Above 0.5 a hit must be both lit and likely at its cell; velocity and offset rows
    /// stay as decoded.
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
                float posterior = PosteriorOf(noisy[cell] > GrooveGrid.HitLevel, drum, (firstStep + t) % Steps);
                decoded[cell] = 0.5f * Math.Clamp(decoded[cell], 0f, 1f) + 0.5f * posterior;
            }
    }
}
