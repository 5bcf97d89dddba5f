using TcnWtaNative.Engine;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// Starts an onset-roll dictionary [N, 264, K] from what the training frames repeat: the first 2 · 88 · K atoms are
/// the per-key basis (<see cref="KeyAtoms"/>: an onset atom at the key's mean onset velocity and an offset atom,
/// per key and step), so any note can still be coded; the other N − 2 · 88 · K are the onset patterns that would
/// save the most non-zeros over that basis (<see cref="OnsetPatternCounter"/>), chords and octaves struck within one
/// frame, each an atom of onset 1 and the pattern's mean velocities at its cells. A frame that holds a pattern is
/// then one non-zero instead of one per onset. A share of the patterns may instead be counted over onsets and offsets
/// together and hold a note end (offset 1 at its cell): a chord's release, or one note ending as the next begins.
/// Needs the onset roll and a model without a TCN.
/// </summary>
public static class OnsetPatternAtoms
{
    /// <summary>The fewest atoms the start takes: the per-key basis of K-step frames.</summary>
    public static int MinimumAtoms(int frameLength) => KeyAtoms.Count(frameLength);

    /// <summary>
    /// The dictionary [N, 264 * K] from the frames (each [264 * K]), read once: after the per-key basis, the
    /// patterns of onsets alone, then round(<paramref name="offsetShare"/> × the patterns) that hold an offset.
    /// </summary>
    public static float[] Build(IEnumerable<float[]> frames, int frameLength, int atoms, double offsetShare = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offsetShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offsetShare, 1);
        int keyAtoms = MinimumAtoms(frameLength), size = OnsetRoll.Channels * frameLength;
        if (atoms < keyAtoms)
            throw new ArgumentException($"onset patterns start after the per-key basis' {keyAtoms} atoms of "
                + $"{frameLength}-step frames: give --atoms {keyAtoms} or more, not {atoms}");
        int withEnds = (int)Math.Round((atoms - keyAtoms) * offsetShare), onsetsAlone = atoms - keyAtoms - withEnds;
        var velocities = new KeyVelocityMeans(frameLength);
        var (onsets, events) = (new OnsetPatternCounter(frameLength), new OnsetPatternCounter(frameLength, true));
        foreach (var frame in frames)
        {
            velocities.Add(frame);
            onsets.Add(frame);
            if (withEnds > 0) events.Add(frame);
        }
        IReadOnlyList<OnsetPattern> chosenOnsets = onsets.MostSaving(onsetsAlone),
            chosenEnds = events.MostSaving(withEnds, holdingOffsets: true);
        if (chosenOnsets.Count < onsetsAlone || chosenEnds.Count < withEnds)
        {
            string found = withEnds == 0 ? $"{chosenOnsets.Count} onset patterns, fewer than the {onsetsAlone}"
                : $"{chosenOnsets.Count} onset patterns and {chosenEnds.Count} holding note ends, fewer than the "
                + $"{onsetsAlone} and {withEnds}";
            int fits = keyAtoms + Math.Min(chosenOnsets.Count, onsetsAlone) + Math.Min(chosenEnds.Count, withEnds);
            throw new ArgumentException($"the {onsets.Frames} training frames repeat only {found} atoms after the "
                + $"per-key basis: give --atoms {fits} or fewer, or more training data");
        }
        var chosen = chosenOnsets.Concat(chosenEnds).ToList();
        var dictionary = new float[(long)atoms * size];
        KeyAtoms.Build(velocities.Means(), frameLength).CopyTo(dictionary, 0);
        for (int p = 0; p < chosen.Count; p++)
        {
            var atom = dictionary.AsSpan((keyAtoms + p) * size, size);
            var (cells, patternVelocities) = (chosen[p].Cells, chosen[p].Velocities);
            for (int i = 0; i < cells.Length; i++)
            {
                atom[cells[i]] = 1;
                if (OnsetPattern.IsOnset(cells[i], frameLength))
                    atom[OnsetRoll.VelocityRow * frameLength + cells[i]] = patternVelocities[i];
            }
        }
        return dictionary;
    }

    /// <summary>
    /// Overwrites the model's atoms with <see cref="Build"/>'s dictionary, and its encoder filters with atom / |atom|²
    /// (<see cref="AtomRows.SeedFromFrame"/>), so a frame equal to an atom codes to 1 on it.
    /// </summary>
    public static void Apply(Autoencoder model, IEnumerable<float[]> frames, double offsetShare = 0)
    {
        var config = model.Config;
        if (config.InputChannels != OnsetRoll.Channels || config.TcnWidths.Length > 0)
            throw new ArgumentException($"onset patterns start a model of the onset roll's {OnsetRoll.Channels} "
                + $"channels without a TCN, not {config.InputChannels} channels with "
                + $"{config.TcnWidths.Length} TCN layers");
        int size = OnsetRoll.Channels * config.FrameLength;
        var dictionary = Build(frames, config.FrameLength, config.Atoms, offsetShare);
        for (int n = 0; n < config.Atoms; n++) AtomRows.SeedFromFrame(model, n, dictionary.AsSpan(n * size, size));
    }
}
