namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// What the roll decoders share (<see cref="PianoRollDecoder"/>, <see cref="OnsetRollDecoder"/>): a roll [C, frames]
/// arrives a window of frames at a time, in order; each key holds at most one open note, which a subclass opens and
/// closes frame by frame, and <see cref="Finish"/> ends the open ones at the last frame and sorts the notes by start,
/// then pitch, so the notes are the same however the frames are cut.
/// </summary>
public abstract class RollDecoder(FrameClock clock, int channels, string what)
{
    private readonly int[] _starts = Enumerable.Repeat(-1, PianoRoll.Keys).ToArray();   // per key: the open
                                                                                        // note's frame, or -1
    private readonly int[] _velocities = new int[PianoRoll.Keys];
    private readonly List<TimedNote> _notes = [];
    private bool _finished;

    /// <summary>Frames taken so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Takes the next <paramref name="frames"/> frames, <paramref name="roll"/> [C, frames].</summary>
    public void Append(ReadOnlySpan<float> roll, int frames)
    {
        if (frames < 0 || roll.Length != (long)channels * frames)
            throw new ArgumentException(
                $"{what} of {frames} frames has {channels * (long)Math.Max(frames, 0)} values, got {roll.Length}",
                nameof(roll));
        if (_finished) throw new InvalidOperationException("the roll was already finished");
        for (int key = 0; key < PianoRoll.Keys; key++) ReadKey(roll, frames, key, Frames);
        Frames += frames;
    }

    /// <summary>Ends every note still open at the last frame; the notes sorted by start, then pitch.</summary>
    public TimedNote[] Finish()
    {
        if (!_finished)
        {
            for (int key = 0; key < PianoRoll.Keys; key++) Close(key, Frames);
            _notes.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
            _finished = true;
        }
        return [.. _notes];
    }

    /// <summary>
    /// Reads <paramref name="key"/>'s rows of a window [C, frames] whose first frame is <paramref name="firstFrame"/>.
    /// </summary>
    protected abstract void ReadKey(ReadOnlySpan<float> roll, int frames, int key, int firstFrame);

    /// <summary>True while <paramref name="key"/> has a note open.</summary>
    protected bool IsOpen(int key) => _starts[key] >= 0;

    /// <summary>
    /// Opens a note of <paramref name="key"/> at <paramref name="frame"/>, velocity level × 127 in 1..127.
    /// </summary>
    protected void Open(int key, int frame, float level)
    {
        _starts[key] = frame;
        _velocities[key] = Math.Clamp((int)MathF.Round(level * 127), 1, 127);
    }

    /// <summary>Ends <paramref name="key"/>'s open note, if any, at <paramref name="frame"/>.</summary>
    protected void Close(int key, int frame)
    {
        if (_starts[key] < 0) return;
        _notes.Add(
            new TimedNote(PianoRoll.LowestPitch + key, _velocities[key], clock.SecondsAt(_starts[key]),
            clock.SecondsAt(frame)));
        _starts[key] = -1;
    }
}
