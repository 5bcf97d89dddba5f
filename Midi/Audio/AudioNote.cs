using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// One note for <see cref="NoteSynthesizer"/>, in seconds: a piano note (pitch, velocity, start, end) or a General
/// MIDI drum hit (the drum's pitch and velocity at its start; a hit's sound has its own length, so its end is not
/// used).
/// </summary>
public readonly record struct AudioNote(int Pitch, int Velocity, double Start, double End, bool IsDrum)
{
    /// <summary>
    /// Every note of <paramref name="song"/>: notes on the drum channel as drum hits, the others as piano notes with
    /// the sustain pedal applied (<see cref="PerformanceNotes"/>), so a pedalled performance sounds as played.
    /// </summary>
    public static AudioNote[] FromSong(MidiSong song)
    {
        var drums = song.Notes.Where(n => n.Channel == MidiNote.DrumChannel)
            .Select(n => new AudioNote(n.Pitch, n.Velocity, song.Tempo.ToSeconds(n.StartTick),
                song.Tempo.ToSeconds(n.EndTick), true));
        var tonal = song.Notes.Where(n => n.Channel != MidiNote.DrumChannel).ToArray();
        if (tonal.Length == 0) return [.. drums];
        var pianoSong = new MidiSong(song.Name, song.Format, song.TrackCount, song.Tempo, song.TimeSignatures, tonal,
            song.Sustain, song.EndTick);
        return [.. drums, .. FromNotes(PerformanceNotes.FromSong(pianoSong), isDrum: false)];
    }

    /// <summary><paramref name="notes"/> as drum hits or as piano notes.</summary>
    public static AudioNote[] FromNotes(IEnumerable<TimedNote> notes, bool isDrum)
        => [.. notes.Select(n => new AudioNote(n.Pitch, n.Velocity, n.Start, n.End, isDrum))];

    /// <summary>This note <paramref name="seconds"/> later.</summary>
    public AudioNote Delayed(double seconds) => this with { Start = Start + seconds, End = End + seconds };
}
