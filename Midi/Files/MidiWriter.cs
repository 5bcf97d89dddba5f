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
        var bytes = ToBytes(song);
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
        // re-struck key's old note ending before its new one starts.
        var timeline = new List<(long Tick, int Order, MidiEvent Event)>();
        foreach (var note in song.Notes)
        {
            var on = new NoteOnEvent(note.StartTick, note.Channel + 1, note.Pitch, note.Velocity, (int)(note.EndTick - note.StartTick));
            timeline.Add((note.StartTick, 2, on));
            timeline.Add((note.EndTick, 0, on.OffEvent!));
        }
        foreach (var pedal in song.Sustain)
            timeline.Add((pedal.Tick, 1, new ControlChangeEvent(pedal.Tick, pedal.Channel + 1, MidiController.Sustain, pedal.Value)));
        foreach (var item in timeline.OrderBy(t => t.Tick).ThenBy(t => t.Order)) events.AddEvent(item.Event, 1);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, song.EndTick), 1);
        events.PrepareForExport();

        using var stream = new MemoryStream();
        MidiFile.Export(stream, events);
        return stream.ToArray();
    }

    private static int Log2(int denominator)
    {
        if (denominator <= 0 || (denominator & (denominator - 1)) != 0 || denominator > 64)
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "a meter's denominator must be a power of two up to 64");
        return System.Numerics.BitOperations.Log2((uint)denominator);
    }
}
