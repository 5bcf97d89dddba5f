using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// What a drum and step of a bar say about a noisy hit there, for random extra hits at a known rate: from training
/// bars [count, 27, T] each cell's hit rate p, and the chance q that the noise lights an empty cell (rate × mean hits
/// per bar over the mean empty cells per bar); a noisy hit at the cell was played with posterior p / (p + (1 − p) q).
/// Above 0.5 exactly where p &gt; q / (1 + q), the Bayes choice cell by cell. Bars start at step 0, as Groove lays
/// them.
/// </summary>
public sealed class CellPrior
{
    private readonly float[] _posterior; // [9, T]: a noisy hit's posterior of having been played, by drum and step

    /// <summary>
    /// The prior of <paramref name="count"/> training bars <paramref name="bars"/>
    /// [count, 27, <paramref name="steps"/>] for <paramref name="rate"/> random extra hits per played hit.
    /// </summary>
    public CellPrior(float[] bars, int count, int steps, double rate)
    {
        int cells = DrumMapping.ClassCount * steps, size = GrooveGrid.Channels * steps;
        if (count < 1 || steps < 1 || bars.Length != (long)count * size)
            throw new ArgumentException(
                $"{bars.Length} values are not {count} Groove bars of [{GrooveGrid.Channels}, {steps}]");
        if (!(rate > 0 && rate <= NoiseInjection.MaxRate))
            throw new ArgumentException(
                $"the noise rate (extra hits per played hit) must lie in (0, {NoiseInjection.MaxRate}], got {rate}");
        var hits = new int[cells];
        for (int i = 0; i < count; i++)
            for (int cell = 0; cell < cells; cell++)
                if (bars[i * size + cell] > 0.5f) hits[cell]++;
        if (hits.Sum() == 0) throw new ArgumentException("the training bars hold no hits to take a prior from");
        double meanHits = hits.Sum() / (double)count;
        double noise = Math.Min(1, rate * meanHits / Math.Max(1, cells - meanHits));
        _posterior = [.. hits.Select(h => h / (double)count).Select(p => (float)(p / (p + (1 - p) * noise)))];
        Steps = steps;
        Rate = rate;
    }

    /// <summary>T: steps of the bars it was fit on, one bar.</summary>
    public int Steps { get; }

    /// <summary>The noise's extra hits per played hit that it assumes.</summary>
    public double Rate { get; }

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
