namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// Reads notes off a piano roll [176, frames] that arrives a window of frames at a time (a long piece's
/// reconstruction), with the rules of
/// <see cref="PianoRoll.Decode(ReadOnlySpan{float}, int, FrameClock, float, float)"/>, which is this decoder given the
/// whole roll as one window: an onset or silence ends a key's note, an onset or sound starts one, at the level of that
/// frame.
/// </summary>
public sealed class PianoRollDecoder(FrameClock clock, float onsetThreshold = 0.5f,
    float soundThreshold = PianoRoll.DefaultSoundThreshold)
    : RollDecoder(clock, PianoRoll.Channels, "a piano roll")
{
    /// <inheritdoc />
    protected override void ReadKey(ReadOnlySpan<float> roll, int frames, int key, int firstFrame)
    {
        var onsets = roll.Slice(key * frames, frames);
        var levels = roll.Slice((PianoRoll.Keys + key) * frames, frames);
        for (int f = 0; f < frames; f++)
        {
            bool onset = onsets[f] > onsetThreshold, sounding = levels[f] > soundThreshold;
            if (onset || !sounding) Close(key, firstFrame + f);
            if (!IsOpen(key) && (onset || sounding)) Open(key, firstFrame + f, levels[f]);
        }
    }
}
