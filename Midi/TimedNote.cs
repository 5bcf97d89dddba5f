using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi;

/// <summary>A note in seconds: what the piano encodings hold and what <see cref="NoteMatching"/> compares.</summary>
public readonly record struct TimedNote(int Pitch, int Velocity, double Start, double End)
{
    /// <summary>
    /// Every note of <paramref name="song"/> in seconds through its tempo map, as read (no pedal applied).
    /// </summary>
    public static TimedNote[] FromSong(MidiSong song)
        => [.. song.Notes.Select(
            n => new TimedNote(n.Pitch, n.Velocity, song.Tempo.ToSeconds(n.StartTick),
            song.Tempo.ToSeconds(n.EndTick)))];
}
