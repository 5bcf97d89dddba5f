using NAudio.Midi;

namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Writes a <see cref="MidiSong"/> as a standard format-1 MIDI file through NAudio: track 1 holds the tempo map and
/// meters, track 2 the notes and sustain pedal. Plain note-on/note-off pairs, one end-of-track per track; any DAW
/// opens it.
/// </summary>
public static class MidiWriter
{
    /// <summary>Writes <paramref name="song"/> to <paramref name="path"/> (temp file, then rename).</summary>
    public static void Write(MidiSong song, string path)
    {
        byte[] bytes;
        try { bytes = ToBytes(song); }
        catch (ArgumentException error) { throw new ArgumentException($"{path}: {error.Message}", error); }
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The file's bytes.</summary>
    public static byte[] ToBytes(MidiSong song)
    {
        var events = new MidiEventCollection(1, song.TicksPerQuarter);
        events.AddTrack();
        events.AddTrack();
        foreach (var meter in song.TimeSignatures)
            events.AddEvent(new TimeSignatureEvent(meter.Tick, meter.Numerator, Log2(meter.Denominator), 24, 8), 0);
        foreach (var tempo in song.Tempo.Changes)
            events.AddEvent(new TempoEvent(tempo.MicrosecondsPerQuarter, tempo.Tick), 0);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, song.EndTick), 0);

        // NAudio sorts each track stably by time, so adding note-offs before note-ons at the same tick keeps a
        // re-struck key's old note ending before its new one starts. Sorted in place by (tick, order, as added):
        // a long song is not copied.
        var timeline = new List<(long Tick, int Order, int Sequence, MidiEvent Event)>(
            2 * song.Notes.Count + song.Sustain.Count);
        foreach (var note in song.Notes)
        {
            var on = new NoteOnEvent(note.StartTick, note.Channel + 1, note.Pitch, note.Velocity, (int)(note.EndTick - note.StartTick));
            timeline.Add((note.StartTick, 2, timeline.Count, on));
            timeline.Add((note.EndTick, 0, timeline.Count, on.OffEvent!));
        }
        foreach (var pedal in song.Sustain)
        {
            var change = new ControlChangeEvent(pedal.Tick, pedal.Channel + 1, MidiController.Sustain, pedal.Value);
            timeline.Add((pedal.Tick, 1, timeline.Count, change));
        }
        timeline.Sort((a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick)
            : a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Sequence.CompareTo(b.Sequence));
        CheckGaps([.. song.TimeSignatures.Select(m => m.Tick), .. song.Tempo.Changes.Select(t => t.Tick), song.EndTick], song);
        CheckGaps(timeline.Select(t => t.Tick).Append(song.EndTick), song);
        foreach (var item in timeline) events.AddEvent(item.Event, 1);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, song.EndTick), 1);
        events.PrepareForExport();

        using var stream = new MemoryStream();
        MidiFile.Export(stream, events);
        return stream.ToArray();
    }

    /// <summary>Most ticks a MIDI file's variable-length delta time holds between two events of a track: 2^28 - 1.</summary>
    public const long MaxDeltaTicks = 0x0FFF_FFFF;

    // a track's event ticks (from 0; the end of track may lie before the last, and counts as it) must lie at most
    // MaxDeltaTicks apart: a decoded signal can run far longer than any file holds
    private static void CheckGaps(IEnumerable<long> ticks, MidiSong song)
    {
        long previous = 0;
        foreach (long tick in ticks.Order())
        {
            if (tick - previous > MaxDeltaTicks)
                throw new ArgumentException($"two events lie {tick - previous} ticks apart (about {song.Tempo.ToSeconds(tick) / 3600 - song.Tempo.ToSeconds(previous) / 3600:F0} hours); a MIDI file holds at most {MaxDeltaTicks} ticks between two events");
            previous = tick;
        }
    }

    private static int Log2(int denominator)
    {
        if (denominator <= 0 || (denominator & (denominator - 1)) != 0 || denominator > 64)
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "a meter's denominator must be a power of two up to 64");
        return System.Numerics.BitOperations.Log2((uint)denominator);
    }
}
