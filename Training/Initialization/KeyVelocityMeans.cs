using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Each key's mean onset velocity over onset-roll frames [264, K] added one at a time: the level the per-key basis
/// (<see cref="KeyAtoms"/>) plays a key's onsets at. An onset is an onset row above 0.5; its velocity (v / 127) is the
/// velocity row at the same key and step.
/// </summary>
public sealed class KeyVelocityMeans(int frameLength)
{
    private readonly double[] _sums = new double[PianoRoll.Keys];
    private readonly int[] _counts = new int[PianoRoll.Keys];

    /// <summary>Adds the onsets of one frame [264, K], row-major.</summary>
    public void Add(ReadOnlySpan<float> frame)
    {
        if (frame.Length != OnsetRoll.Channels * frameLength)
            throw new ArgumentException($"an onset-roll frame holds [{OnsetRoll.Channels}, {frameLength}] values, "
                + $"not {frame.Length}");
        for (int key = 0; key < PianoRoll.Keys; key++)
            for (int step = 0; step < frameLength; step++)
                if (frame[key * frameLength + step] > OnsetRoll.EventLevel)
                {
                    _sums[key] += frame[(OnsetRoll.VelocityRow + key) * frameLength + step];
                    _counts[key]++;
                }
    }

    /// <summary>
    /// The 88 means; a key without an onset takes the mean over all keys' onsets, or
    /// <see cref="KeyAtoms.DefaultVelocity"/> when there was none.
    /// </summary>
    public float[] Means()
    {
        int onsets = _counts.Sum();
        float overall = onsets == 0 ? KeyAtoms.DefaultVelocity : (float)(_sums.Sum() / onsets);
        return [.. Enumerable.Range(0, PianoRoll.Keys)
            .Select(key => _counts[key] == 0 ? overall : (float)(_sums[key] / _counts[key]))];
    }
}
