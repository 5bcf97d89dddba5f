using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// The notes both piano encodings start from: the sustain pedal applied as Magenta's note_seq does
/// (apply_sustain_control_changes, per channel: while CC64 ≥ 64 a released note sounds on until the pedal lifts or
/// its key is struck again), then, since a key cannot sound twice at once, a note of a key that is struck again
/// while it still sounds ends at the new onset; notes left with no length are dropped. Sorted by start, then pitch.
/// </summary>
public static class PerformanceNotes
{
    private const int SustainOn = 0, SustainOff = 1, NoteOn = 2, NoteOff = 3;

    /// <summary>
    /// The prepared notes of <paramref name="song"/>. A song without notes is a <see cref="MidiFormatException"/>.
    /// </summary>
    public static TimedNote[] FromSong(MidiSong song, bool applySustain = true)
    {
        ArgumentNullException.ThrowIfNull(song);
        if (song.Notes.Count == 0) throw new MidiFormatException(song.Name, "has no notes");
        var notes = song.Notes;
        var ends = notes.Select(n => n.EndTick).ToArray();
        var dropped = new bool[notes.Count];
        if (applySustain) ApplySustain(song, ends, dropped);
        EndReStruckNotes(notes, ends, dropped);

        var result = new TimedNote[notes.Count];
        int kept = 0;
        for (int i = 0; i < notes.Count; i++)
            if (!dropped[i] && ends[i] > notes[i].StartTick)
                result[kept++] = new TimedNote(notes[i].Pitch, notes[i].Velocity,
                    song.Tempo.ToSeconds(notes[i].StartTick),
                    song.Tempo.ToSeconds(ends[i]));
        if (kept < result.Length) Array.Resize(ref result, kept);
        result.AsSpan().Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return result;
    }

    // a channel without pedal events keeps its notes as they are, so only the pedalled channels are walked
    private static void ApplySustain(MidiSong song, long[] ends, bool[] dropped)
    {
        var notes = song.Notes;
        foreach (int channel in song.Sustain.Select(s => s.Channel).Distinct())
        {
            int pedals = song.Sustain.Count(s => s.Channel == channel), played = notes.Count(n => n.Channel == channel);
            // (tick, type, sequence, note): sorted by time, then type as note_seq orders them, then as given
            var events = new List<(long Tick, int Type, int Sequence, int Note)>(pedals + 2 * played);
            foreach (var pedal in song.Sustain)
                if (pedal.Channel == channel)
                    events.Add((pedal.Tick, pedal.IsDown ? SustainOn : SustainOff, events.Count, -1));
            for (int i = 0; i < notes.Count; i++)
                if (notes[i].Channel == channel)
                {
                    events.Add((notes[i].StartTick, NoteOn, events.Count, i));
                    events.Add((notes[i].EndTick, NoteOff, events.Count, i));
                }
            events.Sort();
            var active = new List<int>();
            bool down = false;
            long tick = 0;
            foreach (var e in events)
            {
                tick = e.Tick;
                switch (e.Type)
                {
                    case SustainOn: down = true; break;
                    case SustainOff:
                        down = false;
                        active.RemoveAll(i =>
                        {
                            if (ends[i] >= tick) return false;    // still held: its own note-off ends it
                            ends[i] = tick;                       // was sounding only through the pedal
                            return true;
                        });
                        break;
                    case NoteOn:
                        if (down)
                            active.RemoveAll(i =>
                            {
                                if (notes[i].Pitch != notes[e.Note].Pitch) return false;
                                ends[i] = tick;
                                dropped[i] |= notes[i].StartTick == tick;
                                return true;
                            });
                        active.Add(e.Note);
                        break;
                    case NoteOff:
                        if (!down) active.Remove(e.Note);
                        break;
                }
            }
            foreach (int i in active) ends[i] = Math.Max(ends[i], tick);
        }
    }

    private static void EndReStruckNotes(IReadOnlyList<MidiNote> notes, long[] ends, bool[] dropped)
    {
        var order = new List<(int Pitch, long Start, long End, int Note)>(notes.Count);
        for (int i = 0; i < notes.Count; i++)
            if (!dropped[i]) order.Add((notes[i].Pitch, notes[i].StartTick, ends[i], i));
        order.Sort();
        for (int k = 0; k + 1 < order.Count; k++)
        {
            var (a, b) = (order[k], order[k + 1]);
            if (a.Pitch == b.Pitch && ends[a.Note] > b.Start) ends[a.Note] = b.Start;
        }
    }
}
