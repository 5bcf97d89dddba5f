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
        if (!(rate > 0 && rate <= MaxRate))
            throw new ArgumentException(
                $"the noise rate (extra hits per original hit) must lie in (0, {MaxRate}], got {rate}");
        int steps = clean.Length;
        var signal = (float[])clean.Signal.Clone();
        var empty = new List<int>();
        int hits = 0;
        for (int cell = 0; cell < DrumMapping.ClassCount * steps; cell++)
            if (signal[cell] > 0.5f) hits++;
            else empty.Add(cell);
        int added = Math.Min(empty.Count, (int)Math.Round(rate * hits));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(empty));
        foreach (int cell in empty.Take(added))
        {
            int drum = cell / steps, step = cell % steps;
            signal[cell] = 1;
            signal[(GrooveGrid.VelocityChannel + drum) * steps + step] = (float)(0.3 + 0.6 * random.NextDouble());
            signal[(GrooveGrid.OffsetChannel + drum) * steps + step] = 0;
        }
        return (clean with { Signal = signal }, added);
    }
}
