using System.Numerics;

namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Writes a <see cref="MidiSong"/> as a standard format-1 MIDI file, byte for byte as NAudio's exporter did (the tests
/// compare the two): track 1 holds the meters, the tempo map and the end of track, track 2 the notes and sustain pedal
/// (left out when there are none). Plain note-on/note-off pairs, one end-of-track per track; any DAW opens it. Each
/// event takes 16 bytes while the notes are put in order, so a long song is written without an object per event. It
/// makes the bytes only: the callers write them to files atomically (Training's MidiOutput). A tempo outside
/// [<see cref="MidiLimits.MinBpm"/>, <see cref="MidiLimits.MaxBpm"/>], which the 24-bit tempo field cannot hold or
/// <see cref="MidiReader"/> refuses, is an <see cref="ArgumentException"/>; notes, meters and pedal values are
/// checked where the <see cref="MidiSong"/> is made.
/// </summary>
public static class MidiWriter
{
    private const int NoteOff = 0x80, NoteOn = 0x90, ControlChange = 0xB0, SustainController = 64;

    /// <summary>The file's bytes.</summary>
    public static byte[] ToBytes(MidiSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        var meta = MetaTimeline(song);
        CheckGaps([.. meta.Select(m => m.Tick), song.EndTick], song);
        var timeline = NoteTimeline(song);
        CheckGaps(timeline.Select(e => e.Tick).Append(song.EndTick), song);

        using var output = new MemoryStream(64 + 8 * timeline.Length);
        output.Write("MThd"u8);
        TrackWriter.WriteUInt32(output, 6);
        int tracks = timeline.Length > 0 ? 2 : 1, division = song.TicksPerQuarter;
        output.Write([0, 1, 0, (byte)tracks, (byte)(division >> 8), (byte)division]);
        var first = new TrackWriter(output);
        foreach (var (tick, type, data) in meta) first.Meta(tick, type, data);
        first.End(Math.Max(song.EndTick, meta.Count > 0 ? meta[^1].Tick : 0));
        if (timeline.Length > 0)
        {
            var second = new TrackWriter(output);
            foreach (var item in timeline) WriteEvent(second, song, item);
            second.End(Math.Max(song.EndTick, timeline[^1].Tick));
        }
        return output.ToArray();
    }

    // the meters, then the tempo changes, in tick order (the meters first at one tick)
    private static List<(long Tick, byte Type, byte[] Data)> MetaTimeline(MidiSong song)
    {
        var meta = new List<(long Tick, byte Type, byte[] Data)>();
        foreach (var meter in song.TimeSignatures)
        {
            // MidiSong holds only meters that fit: numerator 1 to 255, denominator a power of two up to 64
            byte numerator = (byte)meter.Numerator, denominatorLog2 = (byte)BitOperations.Log2((uint)meter.Denominator);
            meta.Add((meter.Tick, 0x58, [numerator, denominatorLog2, 24, 8]));
        }
        foreach (var tempo in song.Tempo.Changes)
        {
            MidiSongChecks.Tempo(tempo, nameof(song));
            int micros = tempo.MicrosecondsPerQuarter;
            meta.Add((tempo.Tick, 0x51, [(byte)(micros >> 16), (byte)(micros >> 8), (byte)micros]));
        }
        return [.. meta.OrderBy(m => m.Tick)];
    }

    // every note's on and off and every pedal change, in tick order: note-offs, then pedal changes, then note-ons, so a
    // re-struck key's old note ends before its new one starts; each kind in the order given
    private static TimedEvent[] NoteTimeline(MidiSong song)
    {
        var notes = song.Notes;
        var timeline = new TimedEvent[2 * notes.Count + song.Sustain.Count];
        for (int i = 0; i < notes.Count; i++)
        {
            timeline[2 * i] = new TimedEvent(notes[i].StartTick, TimedEvent.On, i);
            timeline[2 * i + 1] = new TimedEvent(notes[i].EndTick, TimedEvent.Off, i);
        }
        for (int i = 0; i < song.Sustain.Count; i++)
            timeline[2 * notes.Count + i] = new TimedEvent(song.Sustain[i].Tick, TimedEvent.Pedal, i);
        Array.Sort(timeline);
        return timeline;
    }

    // one note-on, note-off or pedal change of the notes track (MidiSong holds only values a data byte holds)
    private static void WriteEvent(TrackWriter track, MidiSong song, TimedEvent item)
    {
        if (item.Kind == TimedEvent.Pedal)
        {
            var pedal = song.Sustain[item.Index];
            track.Channel(item.Tick, ControlChange, pedal.Channel, SustainController, pedal.Value);
            return;
        }
        var note = song.Notes[item.Index];
        if (item.Kind == TimedEvent.On) track.Channel(item.Tick, NoteOn, note.Channel, note.Pitch, note.Velocity);
        else track.Channel(item.Tick, NoteOff, note.Channel, note.Pitch, 0);
    }

    // an event of the notes track: Kind orders events of one tick (off, pedal, on), Index is the note or pedal event
    private readonly record struct TimedEvent(long Tick, int Kind, int Index) : IComparable<TimedEvent>
    {
        public const int Off = 0, Pedal = 1, On = 2;

        public int CompareTo(TimedEvent other)
            => Tick != other.Tick ? Tick.CompareTo(other.Tick)
                : Kind != other.Kind ? Kind.CompareTo(other.Kind) : Index.CompareTo(other.Index);
    }

    /// <summary>
    /// Most ticks a MIDI file's variable-length delta time holds between two events of a track: 2^28 - 1.
    /// </summary>
    public const long MaxDeltaTicks = 0x0FFF_FFFF;

    // a track's event ticks (from 0; the end of track may lie before the last, and counts as it) must lie at most
    // MaxDeltaTicks apart: a decoded signal can run far longer than any file holds
    private static void CheckGaps(IEnumerable<long> ticks, MidiSong song)
    {
        long previous = 0;
        foreach (long tick in ticks.Order())
        {
            if (tick - previous > MaxDeltaTicks)
                throw new ArgumentException(
                    $"two events lie {tick - previous} ticks apart (about "
                    + $"{song.Tempo.ToSeconds(tick) / 3600 - song.Tempo.ToSeconds(previous) / 3600:F0} hours); a MIDI "
                    + $"file holds at most {MaxDeltaTicks} ticks between two events");
            previous = tick;
        }
    }
}
