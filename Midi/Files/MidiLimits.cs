namespace TcnWtaNative.Midi.Files;

/// <summary>
/// What <see cref="MidiReader"/> accepts. Anything outside is a clear <see cref="MidiFormatException"/>, so a
/// corrupt file never makes the reader (or an encoder sized by the song's length) allocate more than it justifies.
/// </summary>
public static class MidiLimits
{
    /// <summary>Largest file read at all (the largest MAESTRO file is under 1 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Longest song in seconds (MAESTRO's longest is under an hour).</summary>
    public const double MaxDurationSeconds = 4 * 3600;

    /// <summary>Fastest tempo accepted, in quarter notes per minute.</summary>
    public const double MaxBpm = 1000;

    /// <summary>The tempo field's value at <see cref="MaxBpm"/>: the fewest microseconds per quarter read.</summary>
    public const int MinMicrosecondsPerQuarter = (int)(60_000_000 / MaxBpm);

    /// <summary>The largest value of MIDI's 24-bit tempo field, in microseconds per quarter note.</summary>
    public const int MaxMicrosecondsPerQuarter = 0xFFFFFF;

    /// <summary>
    /// Slowest tempo MIDI's tempo field holds, about 3.58 bpm: every file's tempo is at least this, and a slower one
    /// asked of a writer would wrap or clamp in the field.
    /// </summary>
    public const double MinBpm = 60_000_000.0 / MaxMicrosecondsPerQuarter;

    /// <summary>Whether a tempo to write lies in [<see cref="MinBpm"/>, <see cref="MaxBpm"/>] (NaN does not).</summary>
    public static bool HoldsBpm(double bpm) => bpm is >= MinBpm and <= MaxBpm;

    /// <summary>"[3.58, 1000] bpm", for messages.</summary>
    public static string BpmRange => FormattableString.Invariant($"[{MinBpm:0.00}, {MaxBpm:0}] bpm");

    /// <summary>The tempo field's value for <paramref name="bpm"/>, one that <see cref="HoldsBpm"/>.</summary>
    public static int MicrosecondsPerQuarter(double bpm) => HoldsBpm(bpm)
        ? (int)Math.Min(Math.Round(60_000_000 / bpm), MaxMicrosecondsPerQuarter)
        : throw new ArgumentOutOfRangeException(nameof(bpm), bpm, $"tempo must be in {BpmRange}");
}
