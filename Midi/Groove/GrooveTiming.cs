using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// A drum file's tempo changes and meters moved onto the ticks a decoded grid is written at
/// (<see cref="GrooveDecoder.TicksPerQuarter"/>, 480 a quarter, 120 a step), so that a drum output follows its input's
/// tempo map and bar lines: the grid is laid in the input's ticks (<see cref="GrooveEncoder"/>), and a step of it plays
/// at the time the input's tick under it does. Both lists start at tick 0 and are in tick order, every tempo one the
/// MIDI tempo field holds and every meter one that divides into whole 16th steps; other lists are an
/// <see cref="ArgumentException"/> (a meter of no steps would lay bars forever).
/// </summary>
public sealed record GrooveTiming
{
    /// <summary>Timing of <paramref name="tempos"/> and <paramref name="meters"/>, checked as the type says.</summary>
    public GrooveTiming(IReadOnlyList<TempoChange> tempos, IReadOnlyList<TimeSignature> meters)
    {
        Tempos = tempos;
        Meters = meters;
    }

    /// <summary>The tempo changes on the decoded ticks, from tick 0 in tick order.</summary>
    public IReadOnlyList<TempoChange> Tempos
    {
        get;
        init => field = GrooveTimingChecks.Tempos(value, nameof(Tempos));
    }

    /// <summary>The meters on the decoded ticks, from tick 0 in tick order, each of whole 16th steps.</summary>
    public IReadOnlyList<TimeSignature> Meters
    {
        get;
        init => field = GrooveTimingChecks.Meters(value, nameof(Meters));
    }

    /// <summary>One tempo, <paramref name="bpm"/>, and one meter from tick 0: a generated or blended grid's timing.
    /// </summary>
    public static GrooveTiming Constant(double bpm, TimeSignature meter)
        => new([new TempoChange(0, MidiLimits.MicrosecondsPerQuarter(bpm))], [meter with { Tick = 0 }]);

    /// <summary>
    /// The timing of <paramref name="song"/> on its grid of <paramref name="bars"/> (<see cref="GrooveHits.Bars"/>):
    /// every tempo change at its tick rescaled to 480 a quarter, and a meter wherever a bar starts that the bar before
    /// it does not lead to (a new meter, or a bar after one cut short by a meter change).
    /// </summary>
    public static GrooveTiming Of(MidiSong song, IReadOnlyList<GrooveBar> bars)
    {
        double scale = (double)GrooveDecoder.TicksPerQuarter / song.TicksPerQuarter;
        var tempos = song.Tempo.Changes.Select(change => change with { Tick = (long)Math.Round(change.Tick * scale) })
            .GroupBy(change => change.Tick).Select(atTick => atTick.Last()).ToList();
        var meters = new List<TimeSignature>();
        for (int i = 0; i < bars.Count; i++)
            if (i == 0 || bars[i].Meter.Label != bars[i - 1].Meter.Label || !bars[i - 1].IsComplete)
                meters.Add(bars[i].Meter with { Tick = (long)bars[i].StartStep * GrooveDecoder.TicksPerStep });
        return new GrooveTiming(tempos, meters.Count > 0 ? meters : [TimeSignature.Default]);
    }

    /// <summary>
    /// The bars of a grid <paramref name="steps"/> long as <see cref="Meters"/> lay them, (first step, steps) each in
    /// order: the bars <see cref="Of"/> read them from, a bar cut short where the next meter starts or the grid ends.
    /// </summary>
    public IEnumerable<(int Start, int Steps)> Bars(int steps)
    {
        for (int m = 0; m < Meters.Count; m++)
        {
            long start = Meters[m].Tick / GrooveDecoder.TicksPerStep;
            long end = Math.Min(steps, m + 1 < Meters.Count ? Meters[m + 1].Tick / GrooveDecoder.TicksPerStep : steps);
            int perBar = GrooveBar.StepsPerBar(Meters[m]);
            for (long bar = start; bar < end; bar += perBar) yield return ((int)bar, (int)Math.Min(perBar, end - bar));
        }
    }

    /// <summary>The tempo map of a decoded file <paramref name="endTick"/> ticks long: the changes before its end.
    /// </summary>
    public TempoMap TempoMapUntil(long endTick)
        => new(GrooveDecoder.TicksPerQuarter, Tempos.Where(change => change.Tick == 0 || change.Tick < endTick));

    /// <summary>The meters of a decoded file <paramref name="endTick"/> ticks long: those that start before its end.
    /// </summary>
    public IReadOnlyList<TimeSignature> MetersUntil(long endTick)
        => [.. Meters.Where(meter => meter.Tick == 0 || meter.Tick < endTick)];
}
