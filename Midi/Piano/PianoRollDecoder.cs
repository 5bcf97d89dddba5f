namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// Reads notes off a piano roll [176, frames] that arrives a window of frames at a time, in order (a long piece's
/// reconstruction, window by window), with the rules of <see cref="PianoRoll.Decode(ReadOnlySpan{float}, int, FrameClock, float, float)"/>,
/// which is this decoder given the whole roll as one window: the notes are the same however the frames are cut.
/// </summary>
public sealed class PianoRollDecoder(FrameClock clock, float onsetThreshold = 0.5f, float soundThreshold = PianoRoll.DefaultSoundThreshold)
{
    private readonly int[] _starts = Enumerable.Repeat(-1, PianoRoll.Keys).ToArray();   // per key: the open note's frame, or -1
    private readonly int[] _velocities = new int[PianoRoll.Keys];
    private readonly List<TimedNote> _notes = [];
    private bool _finished;

    /// <summary>Frames taken so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Takes the next <paramref name="frames"/> frames, <paramref name="roll"/> [176, frames].</summary>
    public void Append(ReadOnlySpan<float> roll, int frames)
    {
        if (frames < 0 || roll.Length != (long)PianoRoll.Channels * frames)
            throw new ArgumentException($"a piano roll of {frames} frames has {PianoRoll.Channels * Math.Max(frames, 0)} values, got {roll.Length}", nameof(roll));
        if (_finished) throw new InvalidOperationException("the roll was already finished");
        for (int key = 0; key < PianoRoll.Keys; key++)
        {
            var onsets = roll.Slice(key * frames, frames);
            var levels = roll.Slice((PianoRoll.Keys + key) * frames, frames);
            for (int f = 0; f < frames; f++) Step(key, Frames + f, onsets[f] > onsetThreshold, levels[f] > soundThreshold, levels[f]);
        }
        Frames += frames;
    }

    /// <summary>Ends every note still sounding at the last frame; the notes sorted by start, then pitch.</summary>
    public TimedNote[] Finish()
    {
        if (!_finished)
        {
            for (int key = 0; key < PianoRoll.Keys; key++) Step(key, Frames, onset: false, sounding: false, level: 0);
            _notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
            _finished = true;
        }
        return [.. _notes];
    }

    // frame f of key: an onset or silence ends the open note; an onset or sound starts one
    private void Step(int key, int frame, bool onset, bool sounding, float level)
    {
        if (_starts[key] >= 0 && (onset || !sounding))
        {
            _notes.Add(new TimedNote(PianoRoll.LowestPitch + key, _velocities[key], clock.SecondsAt(_starts[key]), clock.SecondsAt(frame)));
            _starts[key] = -1;
        }
        if (_starts[key] < 0 && (onset || sounding))
        {
            _starts[key] = frame;
            _velocities[key] = Math.Clamp((int)MathF.Round(level * 127), 1, 127);
        }
    }
}
