using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// A code's reconstruction of noisy bars [count, 27, T] blended with the cell prior
/// (<see cref="CellPrior.BlendInto"/>): each hit cell is half the code's hit value (clamped to [0, 1]) plus half the
/// prior's posterior that the noisy bar's hit there was played. Above a threshold of 0.5 a hit must be lit by the
/// code and likely at its cell (posterior above 2 × threshold − 1); below it, either is enough. Velocity and offset
/// rows are the code's. Method "CODE+prior".
/// </summary>
public sealed class PriorBlendCoder(IBarCoder code, CellPrior prior) : IBarCoder
{
    /// <inheritdoc />
    public string Method => $"{code.Method}+prior";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => code.AtomsAt(nonzerosPerBar);

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => code.Supports(nonzerosPerBar);

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => $"{code.BudgetMeaning(nonzerosPerBar)}; each hit averaged with the cell prior's posterior";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        var blended = code.Reconstruct(bars, count, nonzerosPerBar);
        int size = GrooveGrid.Channels * prior.Steps;
        if (bars.Length != count * size || blended.Length != bars.Length)
            throw new ArgumentException($"{bars.Length} values are not {count} bars of [27, {prior.Steps}]");
        for (int i = 0; i < count; i++)
            prior.BlendInto(blended.AsSpan(i * size, size), bars.AsSpan(i * size, size), prior.Steps, 0);
        return blended;
    }
}
