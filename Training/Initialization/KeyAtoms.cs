using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// The onset roll's per-key basis written by hand (the baseline `keys+omp`, and the start of
/// <see cref="OnsetPatternAtoms"/>): for every key and every step of a K-step frame, one onset atom (onset 1 and
/// velocity the key's mean onset velocity in the training frames, at that step) and one offset atom (offset 1 at that
/// step). 2 · 88 · K atoms [N, 264, K], so a note costs two non-zeros, its onset
/// (played at its key's mean level) and its end, whatever dictionary training would learn.
/// </summary>
public static class KeyAtoms
{
    /// <summary>
    /// The velocity a key's onsets are played at where the training frames have no onset of any key: MIDI 64.
    /// </summary>
    public const float DefaultVelocity = 64 / 127f;

    /// <summary>N: atoms in the basis for frames of <paramref name="frameLength"/> steps.</summary>
    public static int Count(int frameLength) => 2 * PianoRoll.Keys * frameLength;

    /// <summary>
    /// The basis [2 · 88 · K, 264, K], row-major: onset atoms first (key-major, then step), then offset atoms in the
    /// same order; <paramref name="velocities"/> [88] are the onset atoms' velocity levels.
    /// </summary>
    public static float[] Build(IReadOnlyList<float> velocities, int frameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 1);
        if (velocities.Count != PianoRoll.Keys)
            throw new ArgumentException($"the per-key basis needs {PianoRoll.Keys} velocities, got {velocities.Count}");
        int atomSize = OnsetRoll.Channels * frameLength, perKind = PianoRoll.Keys * frameLength;
        var atoms = new float[Count(frameLength) * atomSize];
        for (int key = 0; key < PianoRoll.Keys; key++)
            for (int step = 0; step < frameLength; step++)
            {
                int onsetAtom = (key * frameLength + step) * atomSize, offsetAtom = onsetAtom + perKind * atomSize;
                atoms[onsetAtom + key * frameLength + step] = 1;
                atoms[onsetAtom + (OnsetRoll.VelocityRow + key) * frameLength + step] = velocities[key];
                atoms[offsetAtom + (OnsetRoll.OffsetRow + key) * frameLength + step] = 1;
            }
        return atoms;
    }
}
