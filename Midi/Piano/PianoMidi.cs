using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Piano;

/// <summary>Decoded piano notes back to a MIDI song, for <see cref="MidiWriter"/>.</summary>
public static class PianoMidi
{
    /// <summary>Ticks per quarter note of written files; with 120 bpm one tick is exactly 1 ms.</summary>
    public const int TicksPerQuarter = 500;

    /// <summary>
    /// One track of notes on channel 1 at 120 bpm, 1 tick = 1 ms. The notes carry the pedal already (the encodings
    /// hold pedal-extended notes), so no CC64 is written.
    /// </summary>
    public static MidiSong ToSong(IReadOnlyList<TimedNote> notes, string name = "piano")
    {
        var midiNotes = notes.Select(
            n => new MidiNote(0, Math.Clamp(n.Pitch, 0, 127), Math.Clamp(n.Velocity, 1, 127), Tick(n.Start),
            Math.Max(Tick(n.End), Tick(n.Start))));
        var tempo = new TempoMap(TicksPerQuarter, [new TempoChange(0, TempoMap.DefaultMicrosecondsPerQuarter)]);
        return new MidiSong(name, 1, 2, tempo, [TimeSignature.Default], midiNotes, [], 0);
    }

    private static long Tick(double seconds) => (long)Math.Round(Math.Max(0, seconds) * 1000);
}
