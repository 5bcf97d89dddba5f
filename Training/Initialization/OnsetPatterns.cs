using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// A set of onsets struck together within one frame [264, K] of the onset roll: <paramref name="Cells"/> are the onset
/// rows' cells key · K + step, ascending, <paramref name="Velocities"/> their mean velocities (v / 127) over the
/// <paramref name="Count"/> frames that held the set.
/// </summary>
public sealed record OnsetPattern(int[] Cells, float[] Velocities, int Count)
{
    /// <summary>Non-zeros one atom of the pattern saves over the per-key basis: Count · (onsets − 1).</summary>
    public long Saved => (long)Count * (Cells.Length - 1);
}

/// <summary>
/// Counts the onset patterns of onset-roll frames [264, K] added one at a time: each frame's whole set of onsets when
/// it holds 2 to <see cref="MaxOnsets"/>, and every pair of onsets in a frame of 3 or more (so an octave inside a
/// larger chord still counts as that octave). Counting is exact: one dictionary entry per distinct set seen.
/// </summary>
public sealed class OnsetPatternCounter(int frameLength)
{
    /// <summary>The most onsets a whole frame's set may hold to count as one pattern.</summary>
    public const int MaxOnsets = 6;

    private readonly Dictionary<string, (int[] Cells, double[] VelocitySums, int Count)> _tallies = [];

    /// <summary>Frames added so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Counts the patterns of one frame [264, K], row-major.</summary>
    public void Add(ReadOnlySpan<float> frame)
    {
        int onsetCells = PianoRoll.Keys * frameLength;
        if (frame.Length != OnsetRoll.Channels * frameLength)
            throw new ArgumentException($"an onset-roll frame holds [{OnsetRoll.Channels}, {frameLength}] values, "
                + $"not {frame.Length}");
        Frames++;
        var onsets = new List<int>();
        for (int cell = 0; cell < onsetCells; cell++)
            if (frame[cell] > 0.5f) onsets.Add(cell);
        if (onsets.Count < 2) return;
        var velocities = frame[(OnsetRoll.VelocityRow * frameLength)..];
        if (onsets.Count <= MaxOnsets) Tally([.. onsets], velocities);
        if (onsets.Count < 3) return;
        for (int i = 0; i < onsets.Count; i++)
            for (int j = i + 1; j < onsets.Count; j++)
                Tally([onsets[i], onsets[j]], velocities);
    }

    /// <summary>
    /// At most <paramref name="count"/> patterns held by two frames or more, those that save the most non-zeros
    /// first (<see cref="OnsetPattern.Saved"/>; ties: fewer onsets, then lower cells).
    /// </summary>
    public IReadOnlyList<OnsetPattern> MostSaving(int count)
        => [.. _tallies.Where(t => t.Value.Count >= 2)
            .OrderByDescending(t => (long)t.Value.Count * (t.Value.Cells.Length - 1))
            .ThenBy(t => t.Value.Cells.Length).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(t => new OnsetPattern(t.Value.Cells,
                [.. t.Value.VelocitySums.Select(sum => (float)(sum / t.Value.Count))], t.Value.Count))];

    // one more frame holding the set of cells; velocities [88 K] are the frame's velocity rows
    private void Tally(int[] cells, ReadOnlySpan<float> velocities)
    {
        string key = string.Join(',', cells);
        if (!_tallies.TryGetValue(key, out var tally)) tally = (cells, new double[cells.Length], 0);
        for (int i = 0; i < cells.Length; i++) tally.VelocitySums[i] += velocities[cells[i]];
        _tallies[key] = tally with { Count = tally.Count + 1 };
    }
}
