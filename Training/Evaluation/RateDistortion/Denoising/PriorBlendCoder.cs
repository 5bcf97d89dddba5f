using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// A code's reconstruction of noisy bars [count, 27, T] blended with the cell prior (<see cref="CellPriorCoder"/>):
/// each hit cell is half the code's hit value (clamped to [0, 1]) plus half the prior's posterior that the noisy bar's
/// hit there was played. Above a threshold of 0.5 a hit must be lit by the code and likely at its cell (posterior above
/// 2 × threshold − 1); below it, either is enough. Velocity and offset rows are the code's. Method "CODE+prior".
/// </summary>
public sealed class PriorBlendCoder(IBarCoder code, CellPriorCoder prior) : IBarCoder
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
        var posterior = prior.Reconstruct(bars, count, nonzerosPerBar);
        int size = bars.Length / count, hitCells = DrumMapping.ClassCount * (size / GrooveGrid.Channels);
        for (int i = 0; i < count; i++)
            for (int cell = i * size; cell < i * size + hitCells; cell++)
                blended[cell] = 0.5f * Math.Clamp(blended[cell], 0f, 1f) + 0.5f * posterior[cell];
        return blended;
    }
}
