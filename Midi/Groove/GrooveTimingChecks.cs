using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// What a <see cref="GrooveTiming"/> accepts: lists that start at tick 0 and rise, of tempos the MIDI tempo field
/// holds (<see cref="MidiSongChecks.Tempo"/>) and of meters (<see cref="MidiSongChecks.Meter"/>) that divide into
/// whole 16th steps. Anything else is an <see cref="ArgumentException"/> naming the entry and the rule it breaks.
/// </summary>
internal static class GrooveTimingChecks
{
    /// <summary>Returns <paramref name="tempos"/> once checked.</summary>
    public static IReadOnlyList<TempoChange> Tempos(IReadOnlyList<TempoChange> tempos, string parameter)
    {
        Ticks(tempos, tempo => tempo.Tick, "tempo", parameter);
        foreach (var tempo in tempos) MidiSongChecks.Tempo(tempo, parameter);
        return tempos;
    }

    /// <summary>Returns <paramref name="meters"/> once checked.</summary>
    public static IReadOnlyList<TimeSignature> Meters(IReadOnlyList<TimeSignature> meters, string parameter)
    {
        Ticks(meters, meter => meter.Tick, "meter", parameter);
        foreach (var meter in meters)
        {
            MidiSongChecks.Meter(meter, parameter);
            if (!GrooveBar.FitsGrid(meter))
                throw new ArgumentException($"a meter at tick {meter.Tick} is {meter}; it does not divide into 16th "
                    + "notes", parameter);
        }
        return meters;
    }

    // one entry or more, the first at tick 0, each later one at a later tick
    private static void Ticks<T>(IReadOnlyList<T> entries, Func<T, long> tick, string entry, string parameter)
    {
        ArgumentNullException.ThrowIfNull(entries, parameter);
        if (entries.Count == 0 || tick(entries[0]) != 0)
            throw new ArgumentException($"the first {entry} must lie at tick 0"
                + (entries.Count == 0 ? $"; there is no {entry}" : $", not {tick(entries[0])}"), parameter);
        for (int i = 1; i < entries.Count; i++)
            if (tick(entries[i]) <= tick(entries[i - 1]))
                throw new ArgumentException($"{entry} {i} lies at tick {tick(entries[i])}, not after {entry} {i - 1} "
                    + $"at tick {tick(entries[i - 1])}; the {entry}s must be in rising tick order", parameter);
    }
}
