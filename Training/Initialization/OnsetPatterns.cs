using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Training.Initialization;

/// <summary>
/// A set of events within one frame [264, K] of the onset roll, struck or ended together: <paramref name="Cells"/>
/// are cells of the frame, ascending: onsets key · K + step, offsets (176 + key) · K + step;
/// <paramref name="Velocities"/> the onsets' mean velocities (v / 127; 0 for an offset) over the
/// <paramref name="Count"/> frames that held the set.
/// </summary>
public sealed record OnsetPattern(int[] Cells, float[] Velocities, int Count)
{
    /// <summary>Non-zeros one atom of the pattern saves over the per-key basis: Count · (events − 1).</summary>
    public long Saved => SavedBy(Count, Cells.Length);

    /// <summary>Non-zeros saved by a pattern of <paramref name="events"/> events held by <paramref name="count"/>
    /// frames.</summary>
    public static long SavedBy(int count, int events) => (long)count * (events - 1);

    /// <summary>Whether a cell of a frame of <paramref name="frameLength"/> steps is an onset, not an offset.
    /// </summary>
    public static bool IsOnset(int cell, int frameLength) => cell < PianoRoll.Keys * frameLength;
}

/// <summary>
/// Counts the patterns of onset-roll frames [264, K] added one at a time: each frame's whole set of onsets (and with
/// <paramref name="countOffsets"/> its offsets too) when it holds 2 to <see cref="MaxEvents"/>, and every pair of them
/// in a frame of 3 or more (so an octave inside a larger chord still counts as that octave). Counting is exact: one
/// dictionary entry per distinct set seen.
/// </summary>
public sealed class OnsetPatternCounter(int frameLength, bool countOffsets = false)
{
    /// <summary>The most events a whole frame's set may hold to count as one pattern.</summary>
    public const int MaxEvents = 6;

    private readonly Dictionary<string, (int[] Cells, double[] VelocitySums, int Count)> _tallies = [];

    /// <summary>Frames added so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Counts the patterns of one frame [264, K], row-major.</summary>
    public void Add(ReadOnlySpan<float> frame)
    {
        int keyCells = PianoRoll.Keys * frameLength, offsets = OnsetRoll.OffsetRow * frameLength;
        if (frame.Length != OnsetRoll.Channels * frameLength)
            throw new ArgumentException($"an onset-roll frame holds [{OnsetRoll.Channels}, {frameLength}] values, "
                + $"not {frame.Length}");
        Frames++;
        var events = new List<int>();
        for (int cell = 0; cell < keyCells; cell++)
            if (frame[cell] > OnsetRoll.EventLevel) events.Add(cell);
        if (countOffsets)
            for (int cell = offsets; cell < offsets + keyCells; cell++)
                if (frame[cell] > OnsetRoll.EventLevel) events.Add(cell);
        if (events.Count < 2) return;
        if (events.Count <= MaxEvents) Tally([.. events], frame);
        if (events.Count < 3) return;
        for (int i = 0; i < events.Count; i++)
            for (int j = i + 1; j < events.Count; j++)
                Tally([events[i], events[j]], frame);
    }

    /// <summary>
    /// At most <paramref name="count"/> patterns held by two frames or more (with <paramref name="holdingOffsets"/>
    /// only those with an offset), those that save the most non-zeros first (<see cref="OnsetPattern.Saved"/>; ties:
    /// fewer events, then lower cells).
    /// </summary>
    public IReadOnlyList<OnsetPattern> MostSaving(int count, bool holdingOffsets = false)
    {
        // cells ascend, so a set holds an offset when its last cell is one
        return [.. _tallies.Where(t => t.Value.Count >= 2
                && (!holdingOffsets || !OnsetPattern.IsOnset(t.Value.Cells[^1], frameLength)))
            .OrderByDescending(t => OnsetPattern.SavedBy(t.Value.Count, t.Value.Cells.Length))
            .ThenBy(t => t.Value.Cells.Length).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(t => new OnsetPattern(t.Value.Cells,
                [.. t.Value.VelocitySums.Select(sum => (float)(sum / t.Value.Count))], t.Value.Count))];
    }

    // one more frame [264 * K] holding the set of cells: each onset adds the velocity row's value at its cell
    private void Tally(int[] cells, ReadOnlySpan<float> frame)
    {
        int velocities = OnsetRoll.VelocityRow * frameLength;
        string key = string.Join(',', cells);
        if (!_tallies.TryGetValue(key, out var tally)) tally = (cells, new double[cells.Length], 0);
        for (int i = 0; i < cells.Length; i++)
            if (OnsetPattern.IsOnset(cells[i], frameLength)) tally.VelocitySums[i] += frame[velocities + cells[i]];
        _tallies[key] = tally with { Count = tally.Count + 1 };
    }
}
