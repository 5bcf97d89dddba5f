namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// The piano roll: frames at a fixed rate (100 per second by default) or on the 16th notes of a tempo map (see
/// <see cref="FrameClock"/>; the overloads taking frames per second use a fixed rate), 176 channels. Channels 0–87
/// are onsets of keys A0..C8 (MIDI 21..108): 1 in a note's first frame. Channels 88–175 are the same keys' velocity
/// while they sound: v / 127 from the onset frame up to (not including) the end frame, sustain pedal already applied
/// (see <see cref="PerformanceNotes"/>). Times round to the nearest frame start; a note lasts at least one frame; a
/// note whose onset rounds to the frame of an earlier note of its key replaces that note (the roll holds one onset per
/// key and frame). Pitches outside the 88 keys are left out. Rendering takes any window of frames, so a trainer can cut
/// long pieces without rendering them whole.
/// </summary>
public static class PianoRoll
{
    /// <summary>Keys of the piano.</summary>
    public const int Keys = 88;

    /// <summary>MIDI pitch of the lowest key, A0.</summary>
    public const int LowestPitch = 21;

    /// <summary>Onset rows, then velocity rows.</summary>
    public const int Channels = 2 * Keys;

    /// <summary>Default frame rate.</summary>
    public const double DefaultFramesPerSecond = 100;

    /// <summary>Sound-channel level above which a decoded key counts as sounding: half a velocity step.</summary>
    public const float DefaultSoundThreshold = 0.5f / 127;

    /// <summary>True when <paramref name="pitch"/> is one of the 88 keys.</summary>
    public static bool IsKey(int pitch) => pitch >= LowestPitch && pitch < LowestPitch + Keys;

    /// <summary>
    /// Frames needed to hold every note of <paramref name="notes"/> at <paramref name="fps"/> frames per second.
    /// </summary>
    public static int FrameCount(IReadOnlyList<TimedNote> notes, double fps = DefaultFramesPerSecond)
        => FrameCount(notes, FrameClock.PerSecond(fps));

    /// <summary>Frames needed to hold every note of <paramref name="notes"/> on <paramref name="clock"/>.</summary>
    public static int FrameCount(IReadOnlyList<TimedNote> notes, FrameClock clock)
        => new FrameNotes(notes, clock).EndFrame;

    /// <summary>Renders every frame at <paramref name="fps"/> frames per second: roll [176, FrameCount].</summary>
    public static float[] Render(IReadOnlyList<TimedNote> notes, double fps = DefaultFramesPerSecond)
        => Render(notes, FrameClock.PerSecond(fps));

    /// <summary>Renders every frame of <paramref name="clock"/>: roll [176, FrameCount].</summary>
    public static float[] Render(IReadOnlyList<TimedNote> notes, FrameClock clock)
        => Render(notes, 0, FrameCount(notes, clock), clock);

    /// <summary>
    /// Renders frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>) at <paramref name="fps"/> frames per
    /// second: roll [176, frames].
    /// </summary>
    public static float[] Render(IReadOnlyList<TimedNote> notes, int firstFrame, int frames,
        double fps = DefaultFramesPerSecond)
        => Render(notes, firstFrame, frames, FrameClock.PerSecond(fps));

    /// <summary>
    /// Renders frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>) of <paramref name="clock"/>: roll
    /// [176, frames].
    /// </summary>
    public static float[] Render(IReadOnlyList<TimedNote> notes, int firstFrame, int frames, FrameClock clock)
        => Render(new FrameNotes(notes, clock), firstFrame, frames);

    /// <summary>
    /// Renders frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>) of notes already placed on their
    /// clock: roll [176, frames].
    /// </summary>
    public static float[] Render(FrameNotes notes, int firstFrame, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        // roll [176, frames]
        var roll = new float[Channels * frames];
        foreach (var note in notes.Overlapping(firstFrame, frames))
        {
            int from = Math.Max(note.Start, firstFrame), to = (int)Math.Min(note.End, (long)firstFrame + frames);
            if (note.Start == from) roll[note.Key * frames + (note.Start - firstFrame)] = 1;
            // a later note of the key overwrites the frames of an earlier one it overlaps after rounding
            roll.AsSpan((Keys + note.Key) * frames + (from - firstFrame), to - from).Fill(note.Velocity / 127f);
        }
        return roll;
    }

    /// <summary>
    /// Notes of a roll [176, <paramref name="frames"/>] at <paramref name="fps"/> frames per second; see
    /// <see cref="Decode(ReadOnlySpan{float}, int, FrameClock, float, float)"/>.
    /// </summary>
    public static TimedNote[] Decode(ReadOnlySpan<float> roll, int frames, double fps = DefaultFramesPerSecond,
        float onsetThreshold = 0.5f, float soundThreshold = DefaultSoundThreshold)
        => Decode(roll, frames, FrameClock.PerSecond(fps), onsetThreshold, soundThreshold);

    /// <summary>
    /// Notes of a roll [176, <paramref name="frames"/>] (e.g. a model's output) whose frames follow
    /// <paramref name="clock"/>: a note starts at a frame whose onset is above <paramref name="onsetThreshold"/>, or
    /// where its key starts sounding, and lasts while the key sounds (velocity row above
    /// <paramref name="soundThreshold"/>) until the next onset. Velocity is the onset frame's level × 127, at least 1.
    /// Times are the frames' start times on the clock.
    /// </summary>
    public static TimedNote[] Decode(ReadOnlySpan<float> roll, int frames, FrameClock clock,
        float onsetThreshold = 0.5f, float soundThreshold = DefaultSoundThreshold)
    {
        var decoder = new PianoRollDecoder(clock, onsetThreshold, soundThreshold);
        decoder.Append(roll, frames);
        return decoder.Finish();
    }
}
