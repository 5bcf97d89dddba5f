namespace TcnWtaNative.Midi.Files;

/// <summary>A tempo that holds from <see cref="Tick"/> on, in microseconds per quarter note.</summary>
public readonly record struct TempoChange(long Tick, int MicrosecondsPerQuarter)
{
    /// <summary>The tempo in quarter notes per minute.</summary>
    public double Bpm => 60_000_000.0 / MicrosecondsPerQuarter;
}

/// <summary>
/// Converts ticks to seconds through every tempo change of a file (MIDI's default 120 bpm until the first one).
/// </summary>
public sealed class TempoMap
{
    /// <summary>The MIDI default tempo, 120 bpm.</summary>
    public const int DefaultMicrosecondsPerQuarter = 500_000;

    private readonly TempoChange[] _changes;
    private readonly double[] _secondsAtChange;
    private readonly double _microsPerSecondTimesTicks;

    /// <summary>
    /// Builds the map from changes in any order; of several changes at one tick the last given wins. A default
    /// 120 bpm holds from tick 0 when no change is at tick 0.
    /// </summary>
    public TempoMap(int ticksPerQuarter, IEnumerable<TempoChange> changes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerQuarter);
        TicksPerQuarter = ticksPerQuarter;
        var sorted = new List<TempoChange>();
        foreach (var change in changes.OrderBy(c => c.Tick))
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(change.MicrosecondsPerQuarter);
            if (sorted.Count > 0 && sorted[^1].Tick == change.Tick) sorted[^1] = change;
            else sorted.Add(change);
        }
        if (sorted.Count == 0 || sorted[0].Tick > 0)
            sorted.Insert(0, new TempoChange(0, DefaultMicrosecondsPerQuarter));
        _changes = [.. sorted];
        _microsPerSecondTimesTicks = 1e6 * ticksPerQuarter;
        _secondsAtChange = new double[_changes.Length];
        for (int i = 1; i < _changes.Length; i++)
            _secondsAtChange[i] = _secondsAtChange[i - 1]
                + (double)(_changes[i].Tick - _changes[i - 1].Tick) * _changes[i - 1].MicrosecondsPerQuarter
                    / _microsPerSecondTimesTicks;
    }

    /// <summary>Ticks per quarter note of the file this map belongs to.</summary>
    public int TicksPerQuarter { get; }

    /// <summary>The changes in tick order, starting at tick 0.</summary>
    public IReadOnlyList<TempoChange> Changes => _changes;

    /// <summary>
    /// The time in seconds of <paramref name="tick"/> (a fractional tick lies between its neighbours).
    /// </summary>
    public double ToSeconds(double tick)
    {
        int i = IndexAt(tick);
        return _secondsAtChange[i]
            + (tick - _changes[i].Tick) * _changes[i].MicrosecondsPerQuarter / _microsPerSecondTimesTicks;
    }

    /// <summary>The tick, fractional, at <paramref name="seconds"/>: the inverse of <see cref="ToSeconds"/>.</summary>
    public double ToTicks(double seconds)
    {
        int i = Array.BinarySearch(_secondsAtChange, seconds);
        if (i < 0) i = Math.Max(0, ~i - 1);
        return _changes[i].Tick
            + (seconds - _secondsAtChange[i]) * _microsPerSecondTimesTicks / _changes[i].MicrosecondsPerQuarter;
    }

    private int IndexAt(double tick)
    {
        if (_changes.Length == 1) return 0;
        int lo = 0, hi = _changes.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_changes[mid].Tick <= tick) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
