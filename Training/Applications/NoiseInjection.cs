using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Noise on a Groove grid [27, T] (<see cref="HitNoise"/>), for showing that a limited dictionary cleans it away: of
/// the grid's H hits, round(drop × H) chosen at random are taken away (hit, velocity and offset set to 0), and
/// round(rate × H) new ones go on cells the clean grid leaves empty, each with a random velocity in [0.3, 0.9] and no
/// timing offset; quantized noise then plays every hit left at <see cref="HitNoise.QuantizedVelocity"/> on the grid
/// (offset 0). Seeded, so a run can be repeated from the command line.
/// </summary>
public static class NoiseInjection
{
    /// <summary>The most extra hits per original hit a rate may ask for, as in training.</summary>
    public const double MaxRate = DrumHitNoiseShapes.MaxExtraRate;

    /// <summary>The noisy copy of a Groove piece and the numbers of hits added and dropped.</summary>
    public static (EncodedPiece Noisy, int Added, int Dropped) Apply(EncodedPiece clean, HitNoise noise, int seed)
        => Apply(clean, noise, new Random(seed));

    /// <summary>
    /// The noisy copy of a Groove piece and the numbers of hits added and dropped, drawn from
    /// <paramref name="random"/>: many pieces (or bars) from one seeded stream.
    /// </summary>
    public static (EncodedPiece Noisy, int Added, int Dropped) Apply(EncodedPiece clean, HitNoise noise,
        Random random)
    {
        if (clean.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"noise changes the hits of a Groove drum grid of {GrooveGrid.Channels} channels, not a "
                + $"signal of {clean.Channels}");
        var signal = (float[])clean.Signal.Clone();
        var (added, dropped) = ApplyInPlace(signal, clean.Length, clean.Length, noise, random);
        return (clean with { Signal = signal }, added, dropped);
    }

    /// <summary>
    /// Applies the noise to a Groove grid [27, <paramref name="steps"/>] in place, its rows <paramref name="stride"/>
    /// values apart (a batch item padded past its valid steps), drawing from <paramref name="random"/> as
    /// <see cref="Apply(EncodedPiece, HitNoise, Random)"/> does (the extra hits first, then the dropped ones, so noise
    /// without drops draws as extra hits alone always have; quantizing draws nothing); returns the numbers of hits
    /// added and dropped.
    /// </summary>
    public static (int Added, int Dropped) ApplyInPlace(Span<float> grid, int stride, int steps, HitNoise noise,
        Random random)
    {
        if (steps > stride || grid.Length < (GrooveGrid.Channels - 1) * stride + steps)
            throw new ArgumentException(
                $"{grid.Length} values do not hold a drum grid of {steps} steps in rows {stride} apart");
        var empty = new List<int>();
        var played = new List<int>();
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            (grid[cell / steps * stride + cell % steps] > GrooveGrid.HitLevel ? played : empty).Add(cell);
        int added = Math.Min(empty.Count, (int)Math.Round(noise.ExtraRate * played.Count));
        if (noise.ExtraRate > 0) random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(empty));
        foreach (int cell in empty.Take(added))
            SetHit(grid, stride, cell / steps, cell % steps, (float)(0.3 + 0.6 * random.NextDouble()));
        int dropped = (int)Math.Round(noise.DropFraction * played.Count);
        if (noise.DropFraction > 0) random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(played));
        foreach (int cell in played.Take(dropped)) SetHit(grid, stride, cell / steps, cell % steps, 0);
        if (noise.Quantized)
            for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
                if (grid[cell / steps * stride + cell % steps] > GrooveGrid.HitLevel)
                    SetHit(grid, stride, cell / steps, cell % steps, HitNoise.QuantizedVelocity);
        return (added, dropped);
    }

    // a hit of the velocity given (0: none) and no offset at (drum, step)
    private static void SetHit(Span<float> grid, int stride, int drum, int step, float velocity)
    {
        grid[drum * stride + step] = velocity > 0 ? 1 : 0;
        grid[(GrooveGrid.VelocityChannel + drum) * stride + step] = velocity;
        grid[(GrooveGrid.OffsetChannel + drum) * stride + step] = 0;
    }
}
