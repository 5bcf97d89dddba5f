using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Random extra hits on a Groove grid [27, T], for showing that a limited dictionary cleans them away: the
/// noisy piece has every original hit plus round(rate × hits) new ones on empty (drum, step) cells, each with a
/// random velocity in [0.3, 0.9] and no timing offset. Seeded, so a run can be repeated from the command line.
/// </summary>
public static class NoiseInjection
{
    /// <summary>The most extra hits per original hit a rate may ask for.</summary>
    public const double MaxRate = 10;

    /// <summary>The noisy copy of a Groove piece and the number of hits added.</summary>
    public static (EncodedPiece Noisy, int Added) AddRandomHits(EncodedPiece clean, double rate, int seed)
        => AddRandomHits(clean, rate, new Random(seed));

    /// <summary>
    /// The noisy copy of a Groove piece and the number of hits added, drawn from <paramref name="random"/>: many pieces
    /// (or bars) from one seeded stream.
    /// </summary>
    public static (EncodedPiece Noisy, int Added) AddRandomHits(EncodedPiece clean, double rate, Random random)
    {
        if (clean.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"extra hits go on a Groove drum grid of {GrooveGrid.Channels} channels, not a "
                + $"signal of {clean.Channels}");
        var signal = (float[])clean.Signal.Clone();
        int added = AddRandomHitsInPlace(signal, clean.Length, clean.Length, rate, random);
        return (clean with { Signal = signal }, added);
    }

    /// <summary>
    /// Adds the extra hits to a Groove grid [27, <paramref name="steps"/>] in place, its rows <paramref name="stride"/>
    /// values apart (a batch item padded past its valid steps), drawing from <paramref name="random"/> as
    /// <see cref="AddRandomHits(EncodedPiece, double, Random)"/> does; returns the number of hits added.
    /// </summary>
    public static int AddRandomHitsInPlace(Span<float> grid, int stride, int steps, double rate, Random random)
    {
        if (!(rate > 0 && rate <= MaxRate))
            throw new ArgumentException(
                $"the noise rate (extra hits per original hit) must lie in (0, {MaxRate}], got {rate}");
        if (steps > stride || grid.Length < (GrooveGrid.Channels - 1) * stride + steps)
            throw new ArgumentException(
                $"{grid.Length} values do not hold a drum grid of {steps} steps in rows {stride} apart");
        var empty = new List<int>();
        int hits = 0;
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            if (grid[cell / steps * stride + cell % steps] > 0.5f) hits++;
            else empty.Add(cell);
        int added = Math.Min(empty.Count, (int)Math.Round(rate * hits));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(empty));
        foreach (int cell in empty.Take(added))
        {
            int drum = cell / steps, step = cell % steps;
            grid[drum * stride + step] = 1;
            grid[(GrooveGrid.VelocityChannel + drum) * stride + step] = (float)(0.3 + 0.6 * random.NextDouble());
            grid[(GrooveGrid.OffsetChannel + drum) * stride + step] = 0;
        }
        return added;
    }
}
