using NAudio.Midi;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// How <see cref="MidiWriter"/> wrote a song through NAudio before it wrote the bytes itself: the reference its bytes
/// are compared with.
/// </summary>
public static class NAudioExport
{
    /// <summary>The song as NAudio exports it: meters, tempos and end in track 1; notes and pedal in track 2.</summary>
    public static byte[] ToBytes(MidiSong song)
    {
        var events = new MidiEventCollection(1, song.TicksPerQuarter);
        events.AddTrack();
        events.AddTrack();
        foreach (var meter in song.TimeSignatures)
            events.AddEvent(new TimeSignatureEvent(meter.Tick, meter.Numerator, int.Log2(meter.Denominator), 24, 8), 0);
        foreach (var tempo in song.Tempo.Changes)
            events.AddEvent(new TempoEvent(tempo.MicrosecondsPerQuarter, tempo.Tick), 0);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, song.EndTick), 0);
        var timeline = new List<(long Tick, int Order, MidiEvent Event)>();
        foreach (var note in song.Notes)
        {
            var on = new NoteOnEvent(note.StartTick, note.Channel + 1, note.Pitch, note.Velocity,
                (int)(note.EndTick - note.StartTick));
            timeline.Add((note.StartTick, 2, on));
            timeline.Add((note.EndTick, 0, on.OffEvent!));
        }
        foreach (var pedal in song.Sustain)
            timeline.Add((pedal.Tick, 1, new ControlChangeEvent(pedal.Tick, pedal.Channel + 1, MidiController.Sustain,
                pedal.Value)));
        foreach (var item in timeline.OrderBy(t => t.Tick).ThenBy(t => t.Order)) events.AddEvent(item.Event, 1);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, song.EndTick), 1);
        events.PrepareForExport();
        using var stream = new MemoryStream();
        MidiFile.Export(stream, events);
        return stream.ToArray();
    }
}
