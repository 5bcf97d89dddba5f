namespace TcnWtaNative.Midi.Files;

/// <summary>
/// What the encoders need from a MIDI file, all tracks merged: notes (paired, sorted by start tick), sustain-pedal
/// events, the tempo map and the meters. Made by <see cref="MidiReader"/> or by a decoder for
/// <see cref="MidiWriter"/>.
/// </summary>
public sealed class MidiSong
{
    /// <summary>
    /// Creates a song; <paramref name="notes"/> and <paramref name="timeSignatures"/> are sorted here, so any order
    /// will do (the meters stably: of two at one tick, the later given holds). Each meter must be one a MIDI file holds
    /// (tick 0 or later, numerator 1 to 255, denominator a power of two from 1 to 64); any other is an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public MidiSong(string name, int format, int trackCount, TempoMap tempo,
        IReadOnlyList<TimeSignature> timeSignatures,
        IEnumerable<MidiNote> notes, IReadOnlyList<SustainEvent> sustain, long endTick)
    {
        Name = name;
        Format = format;
        TrackCount = trackCount;
        Tempo = tempo;
        foreach (var meter in timeSignatures) MidiSongChecks.Meter(meter, nameof(timeSignatures));
        TimeSignatures = [.. timeSignatures.OrderBy(meter => meter.Tick)];
        var sorted = notes.ToArray();
        Array.Sort(sorted, CompareNotes);
        Notes = sorted;
        Sustain = sustain;
        EndTick = Math.Max(endTick, sorted.Length == 0 ? 0 : sorted.Max(n => n.EndTick));
    }

    /// <summary>The file name (for error messages) or a label for a generated song.</summary>
    public string Name { get; }

    /// <summary>Standard MIDI file format: 0 (one track) or 1 (several tracks, one time line).</summary>
    public int Format { get; }

    /// <summary>Number of MTrk chunks.</summary>
    public int TrackCount { get; }

    /// <summary>Ticks per quarter note.</summary>
    public int TicksPerQuarter => Tempo.TicksPerQuarter;

    /// <summary>All tempo changes, from tick 0.</summary>
    public TempoMap Tempo { get; }

    /// <summary>Time signatures in tick order (empty when the file declares none; MIDI then means 4/4).</summary>
    public IReadOnlyList<TimeSignature> TimeSignatures { get; }

    /// <summary>Notes of every track and channel, sorted by start tick, then channel, pitch, end, velocity.</summary>
    public IReadOnlyList<MidiNote> Notes { get; }

    /// <summary>Sustain-pedal (CC64) events of every track, in tick order.</summary>
    public IReadOnlyList<SustainEvent> Sustain { get; }

    /// <summary>The last tick of the song: the latest end-of-track or note end.</summary>
    public long EndTick { get; }

    /// <summary>Length in seconds through the tempo map.</summary>
    public double DurationSeconds => Tempo.ToSeconds(EndTick);

    /// <summary>The meter in force at <paramref name="tick"/> (4/4 before any declared one).</summary>
    public TimeSignature MeterAt(long tick)
    {
        var meter = TimeSignature.Default;
        foreach (var ts in TimeSignatures)
        {
            if (ts.Tick > tick) break;
            meter = ts;
        }
        return meter;
    }

    private static int CompareNotes(MidiNote a, MidiNote b)
    {
        int c = a.StartTick.CompareTo(b.StartTick);
        if (c == 0) c = a.Channel.CompareTo(b.Channel);
        if (c == 0) c = a.Pitch.CompareTo(b.Pitch);
        if (c == 0) c = a.EndTick.CompareTo(b.EndTick);
        return c != 0 ? c : a.Velocity.CompareTo(b.Velocity);
    }
}
