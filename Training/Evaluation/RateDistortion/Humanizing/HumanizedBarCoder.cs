using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Humanizing;

/// <summary>
/// A linear coder's bars played as the humanizer plays them (<see cref="InputHits.Humanize"/>): the quantized bars
/// [count, 27, T] are coded and decoded by the inner method, and each bar keeps exactly its input's hits, at the
/// decoded velocities and offsets there. The method's name and budgets are the inner one's.
/// </summary>
public sealed class HumanizedBarCoder(IBarCoder inner) : IBarCoder
{
    /// <inheritdoc />
    public string Method => inner.Method;

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => inner.AtomsAt(nonzerosPerBar);

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => inner.Supports(nonzerosPerBar);

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar)
        => $"{inner.BudgetMeaning(nonzerosPerBar)}; the input's hits played at the decoded velocities and offsets";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar)
    {
        var decoded = inner.Reconstruct(bars, count, nonzerosPerBar);
        int size = bars.Length / count, steps = size / Midi.Groove.GrooveGrid.Channels;
        for (int i = 0; i < count; i++)
            InputHits.Humanize(decoded.AsSpan(i * size, size), bars.AsSpan(i * size, size), steps);
        return decoded;
    }
}
