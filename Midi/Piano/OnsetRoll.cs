namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// The onset roll: a piano roll that marks where notes begin and end instead of every frame they sound, so a note
/// costs the same whatever its length and a chord is one column however long it rings. Frames follow a
/// <see cref="FrameClock"/> (see <see cref="FrameNotes"/> for rounding), 264 channels for the 88 keys A0..C8:
/// rows 0–87 are onsets (1 in a note's first frame), rows 88–175 the onset's velocity (v / 127 in that same frame),
/// rows 176–263 offsets (1 in the first frame after the note, its end). Sustain is applied before (see
/// <see cref="PerformanceNotes"/>).
/// </summary>
public static class OnsetRoll
{
    /// <summary>Onset rows, velocity rows, offset rows.</summary>
    public const int Channels = 3 * PianoRoll.Keys;

    /// <summary>An onset or offset row's value above which a frame holds the event: the default decoding threshold,
    /// and how an encoded (0 or 1) roll is read.</summary>
    public const float EventLevel = 0.5f;

    /// <summary>First velocity row.</summary>
    public const int VelocityRow = PianoRoll.Keys;

    /// <summary>First offset row.</summary>
    public const int OffsetRow = 2 * PianoRoll.Keys;

    /// <summary>Frames needed to hold every onset and offset: one past the last note's end.</summary>
    public static int FrameCount(FrameNotes notes) => notes.Count == 0 ? 0 : notes.EndFrame + 1;

    /// <summary>
    /// Renders frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>): roll [264, frames].
    /// </summary>
    public static float[] Render(FrameNotes notes, int firstFrame, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        // roll [264, frames]
        var roll = new float[Channels * frames];
        long windowEnd = (long)firstFrame + frames;
        // one frame earlier so that a note ending exactly at firstFrame still marks its offset
        foreach (var note in notes.Overlapping(firstFrame - 1, frames + 1))
        {
            if (note.Start >= firstFrame && note.Start < windowEnd)
            {
                roll[note.Key * frames + note.Start - firstFrame] = 1;
                roll[(VelocityRow + note.Key) * frames + note.Start - firstFrame] = note.Velocity / 127f;
            }
            if (note.End >= firstFrame && note.End < windowEnd)
                roll[(OffsetRow + note.Key) * frames + note.End - firstFrame] = 1;
        }
        return roll;
    }

    /// <summary>
    /// Notes of a roll [264, <paramref name="frames"/>] (e.g. a model's output) whose frames follow
    /// <paramref name="clock"/>: a note starts at each frame whose onset is above <paramref name="threshold"/>, with
    /// the velocity row's level there × 127 (at least 1), and ends at the first later frame whose offset is above the
    /// threshold, or at the key's next onset, or at the roll's end, whichever comes first.
    /// </summary>
    public static TimedNote[] Decode(ReadOnlySpan<float> roll, int frames, FrameClock clock,
        float threshold = EventLevel)
    {
        var decoder = new OnsetRollDecoder(clock, threshold);
        decoder.Append(roll, frames);
        return decoder.Finish();
    }
}
