using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// Performance RNN's 388-event vocabulary (DESIGN §3): 0–127 NOTE_ON pitch, 128–255 NOTE_OFF pitch, 256–355
/// TIME_SHIFT of 1..100 steps of 10 ms, 356–387 VELOCITY bin 1..32 with bin = (v − 1) / 4 + 1. Encoding follows
/// note_seq's performance encoding with one change: a note's onset and offset each round to the nearest 10 ms step,
/// independently, and a note whose both ends round to one step is kept at that step (NOTE_ON, then NOTE_OFF right
/// after it) instead of being lengthened to a whole step, so every onset and offset decodes within 5 ms of the
/// original (a few ms more in the rare case of two notes of one key at one step, see <see cref="Decode"/>). At one
/// step the events go: NOTE_OFFs of notes that started at earlier steps (so a key struck again is released first),
/// then, note by note in start order, a VELOCITY event when the note's bin differs from the last one, its NOTE_ON,
/// and its NOTE_OFF when it ends at that same step. Sequences hold event indices, one per column of the one-hot
/// [388, T] input, never the one-hot.
/// </summary>
public static class PerformanceEvents
{
    /// <summary>Size of the vocabulary, the one-hot's channel count.</summary>
    public const int EventCount = 388;

    /// <summary>First NOTE_ON index.</summary>
    public const int NoteOnBase = 0;

    /// <summary>First NOTE_OFF index.</summary>
    public const int NoteOffBase = 128;

    /// <summary>TIME_SHIFT of one step.</summary>
    public const int TimeShiftBase = 256;

    /// <summary>VELOCITY bin 1.</summary>
    public const int VelocityBase = 356;

    /// <summary>Steps per second (10 ms steps).</summary>
    public const int StepsPerSecond = 100;

    /// <summary>Longest single TIME_SHIFT, in steps.</summary>
    public const int MaxShiftSteps = 100;

    /// <summary>Velocity bins.</summary>
    public const int VelocityBins = 32;

    /// <summary>
    /// Length of a decoded note whose NOTE_OFF comes at the step of its NOTE_ON: short enough that its offset stays
    /// within 5 + 2 = 7 ms of any original that rounded to that step, long enough for a synthesizer to sound it.
    /// </summary>
    public const double MinimumNoteSeconds = 0.002;

    /// <summary>Velocity of notes decoded before any VELOCITY event.</summary>
    public const int DefaultVelocity = 64;

    /// <summary>The bin of a MIDI velocity 1..127.</summary>
    public static int VelocityBin(int velocity) => (velocity - 1) / 4 + 1;

    /// <summary>The velocity a bin decodes to (the bin's lowest).</summary>
    public static int BinVelocity(int bin) => (bin - 1) * 4 + 1;

    /// <summary>
    /// Encodes prepared notes (see <see cref="PerformanceNotes"/>) as an event sequence. A note of a pitch outside
    /// 0..127 or a velocity outside 1..127, which no event says, is an <see cref="ArgumentException"/> (the rule
    /// <see cref="MidiSongChecks.PitchOrVelocityProblem"/> gives a song's notes).
    /// </summary>
    public static short[] Encode(IReadOnlyList<TimedNote> notes)
    {
        foreach (var note in notes)
            if (MidiSongChecks.PitchOrVelocityProblem(note.Pitch, note.Velocity) is { } problem)
                throw new ArgumentException($"a note at {note.Start:0.###} s {problem}", nameof(notes));
        // One sortable key per onset and offset: step, then the group (0: offsets of notes that started at an
        // earlier step, 1: notes starting at this step), then note index, then onset (0) before offset (1).
        var keys = new long[2 * notes.Count];
        for (int i = 0; i < notes.Count; i++)
        {
            long start = Step(notes[i].Start), end = Math.Max(Step(notes[i].End), start);
            long endGroup = end == start ? 1 : 0;
            keys[2 * i] = (start << 32) | (1L << 31) | ((long)i << 1);
            keys[2 * i + 1] = (end << 32) | (endGroup << 31) | ((long)i << 1) | 1;
        }
        Array.Sort(keys);

        // events [T]
        var events = new List<short>(3 * keys.Length);
        long current = 0;
        int bin = 0;
        foreach (long key in keys)
        {
            long step = key >> 32;
            int index = (int)((key & 0x7FFF_FFFF) >> 1);
            bool isOffset = (key & 1) != 0;
            for (; step > current; current += Math.Min(MaxShiftSteps, step - current))
                events.Add((short)(TimeShiftBase - 1 + Math.Min(MaxShiftSteps, step - current)));
            var note = notes[index];
            if (isOffset) { events.Add((short)(NoteOffBase + note.Pitch)); continue; }
            int noteBin = VelocityBin(note.Velocity);
            if (noteBin != bin) events.Add((short)(VelocityBase - 1 + (bin = noteBin)));
            events.Add((short)(NoteOnBase + note.Pitch));
        }
        return [.. events];
    }

    /// <summary>
    /// Decodes an event sequence (e.g. a model's argmax per column) to notes: a NOTE_OFF ends the earliest open note
    /// of its pitch; notes never closed end at the last time step; a note that would have no length (ended at the
    /// step it started) lasts <see cref="MinimumNoteSeconds"/>, and an onset of its key during that time waits for
    /// its end, so two notes of one key at one step decode as two notes, the second 2 ms late; unmatched NOTE_OFFs
    /// are ignored. Indices outside
    /// 0..387 are an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static TimedNote[] Decode(ReadOnlySpan<short> events)
    {
        var open = new Queue<(double Start, int Velocity)>?[128];
        var soundsUntil = new double[128];
        var notes = new List<TimedNote>();
        long step = 0;
        int velocity = DefaultVelocity;
        foreach (short e in events)
        {
            if (e is < 0 or >= EventCount)
                throw new ArgumentOutOfRangeException(nameof(events), e, $"event indices are 0..{EventCount - 1}");
            if (e < NoteOffBase)
                (open[e] ??= new Queue<(double, int)>()).Enqueue((Math.Max(Seconds(step), soundsUntil[e]), velocity));
            else if (e < TimeShiftBase)
            {
                var queue = open[e - NoteOffBase];
                if (queue is { Count: > 0 }) Close(e - NoteOffBase, queue.Dequeue());
            }
            else if (e < VelocityBase) step += e - TimeShiftBase + 1;
            else velocity = BinVelocity(e - VelocityBase + 1);
        }
        for (int pitch = 0; pitch < 128; pitch++)
            while (open[pitch] is { Count: > 0 } queue) Close(pitch, queue.Dequeue());
        notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return [.. notes];

        void Close(int pitch, (double Start, int Velocity) onset)
        {
            double end = Math.Max(Seconds(step), onset.Start + MinimumNoteSeconds);
            soundsUntil[pitch] = Math.Max(soundsUntil[pitch], end);
            notes.Add(new TimedNote(pitch, onset.Velocity, onset.Start, end));
        }
    }

    private static double Seconds(long step) => (double)step / StepsPerSecond;

    private static long Step(double seconds) => (long)Math.Floor(seconds * StepsPerSecond + 0.5);
}
