using System.Globalization;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// What noise does to a drum grid's hits (<see cref="NoiseInjection"/>): <see cref="ExtraRate"/> random extra hits per
/// played hit on empty cells, and <see cref="DropFraction"/> of the played hits taken away, the two errors a player or
/// a transcriber makes (a note too many, a note missed); and, where <see cref="Quantized"/>, every hit left played at
/// one velocity on the grid, as a step sequencer writes it (the dynamics and timing a player adds, lost). At least one
/// of the three is asked for.
/// </summary>
public readonly record struct HitNoise
{
    /// <summary>The largest share of a grid's hits that may be dropped.</summary>
    public const double MaxDropFraction = 0.9;

    /// <summary>The velocity of a quantized hit, MIDI 100 of 127: a step sequencer's usual default.</summary>
    public const float QuantizedVelocity = 100f / 127f;

    /// <summary>
    /// Noise of <paramref name="extraRate"/> extra hits per hit and <paramref name="dropFraction"/> of the hits
    /// dropped, the hits then quantized where <paramref name="quantized"/>.
    /// </summary>
    public HitNoise(double extraRate, double dropFraction = 0, bool quantized = false)
    {
        if (!(extraRate >= 0 && extraRate <= NoiseInjection.MaxRate))
            throw new ArgumentException(
                $"the noise rate (extra hits per original hit) must lie in [0, {NoiseInjection.MaxRate}], got "
                + $"{extraRate}");
        if (!(dropFraction >= 0 && dropFraction <= MaxDropFraction))
            throw new ArgumentException(
                $"the share of hits dropped must lie in [0, {MaxDropFraction}], got {dropFraction}");
        if (extraRate == 0 && dropFraction == 0 && !quantized)
            throw new ArgumentException("noise must add hits, drop them or quantize them: it does none");
        (ExtraRate, DropFraction, Quantized) = (extraRate, dropFraction, quantized);
    }

    /// <summary>Extra hits per played hit, on cells the clean grid leaves empty; 0 for none.</summary>
    public double ExtraRate { get; }

    /// <summary>The share of played hits taken away; 0 for none.</summary>
    public double DropFraction { get; }

    /// <summary>
    /// Whether every hit the noise leaves is played at <see cref="QuantizedVelocity"/> with no timing offset.
    /// </summary>
    public bool Quantized { get; }

    /// <summary>Whether the noise adds or drops hits (not only quantizes them).</summary>
    public bool ChangesHits => ExtraRate > 0 || DropFraction > 0;

    /// <summary>
    /// The noise of two optional command-line values named <paramref name="extraName"/> and
    /// <paramref name="dropName"/>, each positive where given, and of <paramref name="quantized"/>; null when none is
    /// asked for.
    /// </summary>
    public static HitNoise? Of(double? extraRate, double? dropFraction, string extraName, string dropName,
        bool quantized = false)
    {
        if (Problem(extraRate, dropFraction, extraName, dropName) is { } problem) throw new ArgumentException(problem);
        return extraRate is null && dropFraction is null && !quantized
            ? null : new HitNoise(extraRate ?? 0, dropFraction ?? 0, quantized);
    }

    /// <summary>
    /// Why <see cref="Of"/> would refuse these values (one out of its range, named as given), or null when it would
    /// not.
    /// </summary>
    public static string? Problem(double? extraRate, double? dropFraction, string extraName, string dropName)
    {
        if (extraRate is { } extra && !(extra is > 0 and <= NoiseInjection.MaxRate))
            return $"{extraName} must lie in (0, {NoiseInjection.MaxRate}] extra hits per hit, got {extra}";
        if (dropFraction is { } drop && !(drop is > 0 and <= MaxDropFraction))
            return $"{dropName} must lie in (0, {MaxDropFraction}], the share of the hits dropped, got {drop}";
        return null;
    }

    /// <summary>"1 extra hits per hit, 0.3 of the hits dropped, quantized", for titles and logs.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ExtraRate > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ExtraRate} extra hits per hit"));
        if (DropFraction > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{DropFraction} of the hits dropped"));
        if (Quantized) parts.Add("quantized (velocity 100, on the grid)");
        return string.Join(", ", parts);
    }
}
