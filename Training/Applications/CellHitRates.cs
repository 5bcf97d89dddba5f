using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How often each drum plays at each step of a bar over training bars [count, 27, T] (the hit rate p of each of the
/// 9 × T cells), and what that says of the random extra hits in a noisy piece: the rate they were added at, by maximum
/// likelihood, and the <see cref="CellPrior"/> for a rate. Bars start at step 0, as Groove lays them.
/// </summary>
public sealed class CellHitRates
{
    // a cell's rate is kept inside [Floor, 1 − Floor] when a piece is weighed, so that a hit where training never
    // played, or a silence where it always did, is unlikely rather than impossible
    private const double Floor = 1e-4;

    private readonly double[] _rates; // [9, T]: the share of training bars with a hit at each drum and step

    /// <summary>
    /// The rates of <paramref name="count"/> bars <paramref name="bars"/> [count, 27, <paramref name="steps"/>].
    /// </summary>
    public CellHitRates(float[] bars, int count, int steps)
    {
        int cells = DrumMapping.ClassCount * steps, size = GrooveGrid.Channels * steps;
        if (count < 1 || steps < 1 || bars.Length != (long)count * size)
            throw new ArgumentException(
                $"{bars.Length} values are not {count} Groove bars of [{GrooveGrid.Channels}, {steps}]");
        var hits = new int[cells];
        for (int i = 0; i < count; i++)
            for (int cell = 0; cell < cells; cell++)
                if (bars[i * size + cell] > GrooveGrid.HitLevel) hits[cell]++;
        if (hits.Sum() == 0) throw new ArgumentException("the training bars hold no hits to take a prior from");
        _rates = [.. hits.Select(h => h / (double)count)];
        MeanHits = hits.Sum() / (double)count;
        Steps = steps;
        TrainingBars = count;
    }

    /// <summary>T: steps of one bar.</summary>
    public int Steps { get; }

    /// <summary>How many training bars the rates are taken from.</summary>
    public int TrainingBars { get; }

    /// <summary>Hits per training bar, on average.</summary>
    public double MeanHits { get; }

    /// <summary>The share of training bars with a hit of <paramref name="drum"/> at <paramref name="step"/>.</summary>
    public double Rate(int drum, int step) => _rates[drum * Steps + step];

    /// <summary>Refuses a piece whose bars are not <paramref name="steps"/> long, as a prior's bars are.</summary>
    public static void RequireBarsOf(int steps, ISignalWindows piece)
    {
        int barSteps = GrooveBar.StepsPerBar(piece.Meter);
        if (barSteps != steps)
            throw new ArgumentException(
                $"the prior's bars are {steps} steps long but the piece is in {piece.Meter}, {barSteps} steps a bar");
    }

    /// <summary>
    /// The chance that noise at <paramref name="rate"/> extra hits per played hit lights a given empty cell: the
    /// extra hits of a mean bar over its empty cells, at most 1.
    /// </summary>
    public double EmptyCellChance(double rate)
        => Math.Min(1, rate * MeanHits / Math.Max(1, _rates.Length - MeanHits));

    /// <summary>
    /// <paramref name="noise"/> as the prior weighs it: its extra hits lighting an empty cell as in a mean training
    /// bar, and its share of dropped hits.
    /// </summary>
    public NoiseEstimate NoiseAt(HitNoise noise)
        => new(noise.ExtraRate, EmptyCellChance(noise.ExtraRate), noise.DropFraction);

    /// <summary>
    /// The noise most likely to have made <paramref name="piece"/>'s hits [27, T'], its bars as long as
    /// <see cref="Steps"/>, from cells that play at the training rates: each cell holds a hit with chance
    /// p + (1 − p) q, and q, the chance that noise lights an empty cell, is found by bisection where the
    /// log-likelihood's slope crosses zero (it falls in q); 0 where even no noise is likelier than a little. The
    /// piece's H hits of C cells then hold q (C − H) / (1 − q) extra ones, read as a rate per played hit, at most
    /// <see cref="NoiseInjection.MaxRate"/>.
    /// </summary>
    public NoiseEstimate EstimateNoise(ISignalWindows piece)
    {
        if (piece.Channels != GrooveGrid.Channels)
            throw new ArgumentException($"a noise rate is read from Groove grids of {GrooveGrid.Channels} channels");
        RequireBarsOf(Steps, piece);
        var grid = new float[GrooveGrid.Channels * piece.Length]; // [27, T']: its hit rows first
        piece.Read(0, piece.Length, grid);
        var hitRates = new List<double>();
        int empty = 0;
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < piece.Length; t++)
            {
                double p = Math.Clamp(Rate(drum, t % Steps), Floor, 1 - Floor);
                if (grid[drum * piece.Length + t] > GrooveGrid.HitLevel) hitRates.Add(p);
                else empty++;
            }
        // d/dq of Σ_hits log(p + (1 − p) q) + Σ_empty log((1 − p)(1 − q))
        double Slope(double q) => hitRates.Sum(p => (1 - p) / (p + (1 - p) * q)) - empty / (1 - q);
        if (hitRates.Count == 0 || Slope(0) <= 0) return new NoiseEstimate(0, 0);
        double low = 0, high = 1 - 1e-9;
        for (int i = 0; i < 60; i++)
        {
            double middle = 0.5 * (low + high);
            if (Slope(middle) > 0) low = middle;
            else high = middle;
        }
        double chance = 0.5 * (low + high), extra = Math.Min(chance * empty / (1 - chance), hitRates.Count - 0.5);
        return new NoiseEstimate(Math.Min(NoiseInjection.MaxRate, extra / (hitRates.Count - extra)), chance);
    }
}

/// <summary>
/// Noise read from a piece or given: <see cref="Rate"/> random extra hits per played hit, the chance
/// <see cref="EmptyCellChance"/> that they light an empty cell, and the share <see cref="DropFraction"/> of played hits
/// taken away (never estimated from a piece: 0 there).
/// </summary>
public readonly record struct NoiseEstimate(double Rate, double EmptyCellChance, double DropFraction = 0);
