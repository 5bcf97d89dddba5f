using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// The inputs of the denoising study: bars [count, 27, T] with random extra hits added and hits dropped bar by bar as
/// <c>denoise --add-noise --drop-hits</c> does to a file (<see cref="NoiseInjection"/>: round(rate × hits) new hits on
/// the bar's empty cells, velocity in [0.3, 0.9], no offset, and round(share × hits) hits taken away), from one
/// seeded stream. The methods code these and are
/// scored against the clean bars.
/// </summary>
public static class NoisyBars
{
    /// <summary>A copy of <paramref name="clean"/> with <paramref name="noise"/>.</summary>
    public static Bars Of(Bars clean, HitNoise noise, int seed)
    {
        var random = new Random(seed);
        int size = clean.Channels * clean.Steps;
        var values = (float[])clean.Values.Clone();
        for (int i = 0; i < clean.Count; i++)
            NoiseInjection.ApplyInPlace(values.AsSpan(i * size, size), clean.Steps, clean.Steps, noise, random);
        return clean with { Values = values };
    }
}
