using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// A denoiser without a dictionary, that knows how the noise was made: each hit of the noisy bar [27, T] is kept at
/// its posterior of having been played, p / (p + (1 − p) q), where p is its drum and step's hit rate over the training
/// bars and q the chance that the noise lights an empty cell (rate × mean hits per bar over the mean empty cells per
/// bar); velocity and offset rows pass through. At the 0.5 threshold it keeps a hit where p &gt; q / (1 + q), the Bayes
/// choice cell by cell; the study's tuned threshold moves that cut. The same at every budget.
/// </summary>
public sealed class CellPriorCoder : IBarCoder
{
    private readonly float[] _posterior; // [9, T]: the kept value of a hit at each drum and step
    private readonly int _steps; // T: steps of the bars it was fit on and codes

    /// <summary>The prior from <paramref name="train"/>'s bars for noise at <paramref name="rate"/>.</summary>
    public CellPriorCoder(Bars train, double rate)
    {
        if (train.Channels != GrooveGrid.Channels)
            throw new ArgumentException($"the cell prior reads Groove bars of {GrooveGrid.Channels} channels");
        if (!(rate > 0)) throw new ArgumentException($"the noise rate must be positive, got {rate}");
        int cells = DrumMapping.ClassCount * train.Steps, size = train.Channels * train.Steps;
        var hits = new int[cells];
        for (int i = 0; i < train.Count; i++)
            for (int cell = 0; cell < cells; cell++)
                if (train.Values[i * size + cell] > 0.5f) hits[cell]++;
        if (hits.Sum() == 0) throw new ArgumentException("the training bars hold no hits to take a prior from");
        double meanHits = hits.Sum() / (double)train.Count;
        double noise = Math.Min(1, rate * meanHits / Math.Max(1, cells - meanHits));
        _posterior = [.. hits.Select(h => h / (double)train.Count)
            .Select(p => (float)(p / (p + (1 - p) * noise)))];
        _steps = train.Steps;
    }

    /// <inheritdoc />
    public string Method => "cell-prior";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => 0;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => true;

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => "no code: each noisy hit kept at its posterior of being played, from its drum and step's training rate";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        int size = GrooveGrid.Channels * _steps;
        if (bars.Length != count * size)
            throw new ArgumentException($"{bars.Length} values are not {count} bars of [27, {_steps}]");
        var output = (float[])bars.Clone();
        for (int i = 0; i < count; i++)
            for (int cell = 0; cell < _posterior.Length; cell++)
                output[i * size + cell] = bars[i * size + cell] > 0.5f ? _posterior[cell] : 0;
        return output;
    }
}
