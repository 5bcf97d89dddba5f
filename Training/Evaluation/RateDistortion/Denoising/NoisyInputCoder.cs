namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// The denoising study's floor: the noisy bars [count, 27, T] as they are, no code, at every budget, so each budget's
/// model row is paired against doing nothing.
/// </summary>
public sealed class NoisyInputCoder : IBarCoder
{
    /// <inheritdoc />
    public string Method => "noisy";

    /// <inheritdoc />
    public int AtomsAt(int nonzerosPerBar) => 0;

    /// <inheritdoc />
    public bool Supports(int nonzerosPerBar) => true;

    /// <inheritdoc />
    public string BudgetMeaning(int nonzerosPerBar) => "the noisy bar as it is, no code";

    /// <inheritdoc />
    public float[] Reconstruct(float[] bars, int count, int nonzerosPerBar) => (float[])bars.Clone();
}
