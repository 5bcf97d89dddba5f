using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// A denoiser without a dictionary, that knows how the noise was made: each cell of the noisy bar [27, T] becomes its
/// posterior of having been played (<see cref="CellPrior"/>, fit on the training bars), a hit's and, under noise that
/// drops hits, a silent cell's; velocity and offset rows pass through (a silent cell lit this way has velocity 0). At
/// the 0.5 threshold it keeps a cell where the Bayes choice cell by cell does; the study's tuned threshold moves that
/// cut. The same at every budget.
/// </summary>
public sealed class CellPriorCoder(Bars train, HitNoise noise) : IBarCoder
{
    /// <summary>The training bars' prior for the noise given.</summary>
    public CellPrior Prior { get; } = new(train.Channels == GrooveGrid.Channels ? train.Values
        : throw new ArgumentException($"the cell prior reads Groove bars of {GrooveGrid.Channels} channels"),
        train.Count, train.Steps, noise);

    /// <inheritdoc />
    public string Method => "cell-prior";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => 0;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => true;

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => "no code: each noisy cell set to its posterior of being played, from its drum and step's training rate";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        int steps = Prior.Steps, size = GrooveGrid.Channels * steps;
        if (bars.Length != count * size)
            throw new ArgumentException($"{bars.Length} values are not {count} bars of [27, {steps}]");
        var output = (float[])bars.Clone();
        for (int i = 0; i < count; i++)
            for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
                for (int t = 0; t < steps; t++)
                {
                    int cell = i * size + drum * steps + t;
                    output[cell] = Prior.PosteriorOf(bars[cell] > GrooveGrid.HitLevel, drum, t);
                }
        return output;
    }
}
