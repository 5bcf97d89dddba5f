namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// Reads notes off an onset roll [264, frames] that arrives a window of frames at a time, with the rules of
/// <see cref="OnsetRoll.Decode"/>, which is this decoder given the whole roll as one window: an onset or an offset
/// ends a key's note, an onset starts one at its velocity row's level.
/// </summary>
public sealed class OnsetRollDecoder(FrameClock clock, float threshold = OnsetRoll.EventLevel)
    : RollDecoder(clock, OnsetRoll.Channels, "an onset roll")
{
    /// <inheritdoc />
    protected override void ReadKey(ReadOnlySpan<float> roll, int frames, int key, int firstFrame)
    {
        var onsets = roll.Slice(key * frames, frames);
        var velocities = roll.Slice((OnsetRoll.VelocityRow + key) * frames, frames);
        var offsets = roll.Slice((OnsetRoll.OffsetRow + key) * frames, frames);
        for (int f = 0; f < frames; f++)
        {
            bool onset = onsets[f] > threshold;
            if (onset || offsets[f] > threshold) Close(key, firstFrame + f);
            if (onset) Open(key, firstFrame + f, velocities[f]);
        }
    }
}
