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

    /// <summary>
    /// Slowest tempo that fits MIDI's 24-bit tempo field is about 3.6 bpm; all of those are accepted.
    /// </summary>
    public const int MinMicrosecondsPerQuarter = (int)(60_000_000 / MaxBpm);
}
