using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// The corruption of denoising training (<c>train --input-noise RATE --input-drop SHARE</c>): each Groove grid of a
/// batch gets random extra hits and loses some of its hits item by item, as <c>denoise --add-noise --drop-hits</c> does
/// to a file (<see cref="NoiseInjection"/>: round(rate × hits) new hits on the item's empty cells and round(share ×
/// hits) of its hits taken away, over its valid steps), while the loss still compares the reconstruction with the
/// clean batch. The noise of a training batch is drawn from (seed, epoch, batch), so a resumed run sees the
/// same noise as an uninterrupted one; a validation set gets one fixed draw from the seed.
/// </summary>
public sealed class InputNoise
{
    private readonly int _seed;

    /// <summary><paramref name="noise"/>, seeded by <paramref name="seed"/>.</summary>
    public InputNoise(HitNoise noise, int seed) => (Noise, _seed) = (noise, seed);

    /// <summary>What the noise does to each grid.</summary>
    public HitNoise Noise { get; }

    /// <summary>
    /// Training batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (both from 0), noisy.
    /// </summary>
    public HostBatch Corrupt(HostBatch clean, int epoch, int batch)
        => Corrupt(clean, new Random(unchecked((_seed * 1_000_003 + epoch) * 1_000_003 + batch)));

    /// <summary>The validation set's batches, noisy, from one stream seeded by the seed alone.</summary>
    public IReadOnlyList<HostBatch> CorruptAll(IEnumerable<HostBatch> clean)
    {
        var random = new Random(_seed);
        return [.. clean.Select(batch => Corrupt(batch, random))];
    }

    // clean [B, 27, T] -> a noisy copy, item by item over each item's valid steps
    private HostBatch Corrupt(HostBatch clean, Random random)
    {
        if (clean.Channels != GrooveGrid.Channels)
            throw new ArgumentException(
                $"input noise changes the drum hits of Groove grids of {GrooveGrid.Channels} channels, not "
                + $"{clean.Channels}");
        var values = (float[])clean.Values.Clone();
        int size = clean.Channels * clean.Length;
        for (int item = 0; item < clean.Batch; item++)
        {
            int steps = clean.ValidLengths?[item] ?? clean.Length;
            if (steps > 0)
                NoiseInjection.ApplyInPlace(values.AsSpan(item * size, size), clean.Length, steps, Noise, random);
        }
        return clean with { Values = values };
    }
}
