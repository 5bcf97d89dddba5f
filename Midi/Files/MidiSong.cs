namespace TcnWtaNative.Midi.Files;

/// <summary>
/// What the encoders need from a MIDI file, all tracks merged: notes (paired, sorted by start tick), sustain-pedal
/// events, the tempo map and the meters. Made by <see cref="MidiReader"/> or by a decoder for
/// <see cref="MidiWriter"/>.
/// </summary>
public sealed class MidiSong
{
    /// <summary>
    /// Creates a song of what a MIDI file holds: a part it cannot hold is an <see cref="ArgumentException"/> naming the
    /// part and its rule. Notes must lie on channels 0 to 15, with pitch 0 to 127, velocity 1 to 127 (0 is a
    /// note-off), a start at tick 0 or later and an end no earlier; meters at tick 0 or later, with numerator 1 to
    /// 255 and a denominator a power of two from 1 to 64; pedal events at tick 0 or later, on channels 0 to 15, with
    /// values 0 to 127; <paramref name="endTick"/> 0 or later. Notes, meters and pedal events are sorted here, so any
    /// order will do (meters and pedal events stably: of two meters at one tick, the later given holds).
    /// </summary>
    public MidiSong(string name, int format, int trackCount, TempoMap tempo,
        IReadOnlyList<TimeSignature> timeSignatures,
        IEnumerable<MidiNote> notes, IReadOnlyList<SustainEvent> sustain, long endTick)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tempo);
        ArgumentNullException.ThrowIfNull(timeSignatures);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(sustain);
        if (endTick < 0)
            throw new ArgumentException($"the song's end tick is {endTick}; it must be 0 or later", nameof(endTick));
        Name = name;
        Format = format;
        TrackCount = trackCount;
        Tempo = tempo;
        foreach (var meter in timeSignatures) MidiSongChecks.Meter(meter, nameof(timeSignatures));
        TimeSignatures = [.. timeSignatures.OrderBy(meter => meter.Tick)];
        var sorted = notes.ToArray();
        foreach (var note in sorted) MidiSongChecks.Note(note, nameof(notes));
        Array.Sort(sorted, CompareNotes);
        Notes = sorted;
        foreach (var pedal in sustain) MidiSongChecks.Pedal(pedal, nameof(sustain));
        Sustain = [.. sustain.OrderBy(pedal => pedal.Tick)];
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
