using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// A [27, steps] grid back to drum notes on channel 10: a hit where the hit channel is above 0.5, written as its
/// class's first pitch at grid time + offset / 2 steps, with velocity round(127 × velocity channel) in 1..127.
/// </summary>
public static class GrooveDecoder
{
    /// <summary>Ticks per quarter note of decoded files.</summary>
    public const int TicksPerQuarter = 480;

    /// <summary>
    /// Decodes <paramref name="grid"/> [27, <paramref name="steps"/>] (e.g. a model's output) into a song at
    /// <paramref name="bpm"/> (the source's, or 120 for generated grids) in <paramref name="meter"/> (4/4 by default).
    /// Each hit lasts half a step.
    /// </summary>
    public static MidiSong ToSong(ReadOnlySpan<float> grid, int steps, double bpm = 120, TimeSignature? meter = null,
        string name = "groove")
        => ToSong(grid, steps, GrooveTiming.Constant(bpm, meter ?? TimeSignature.Default), name);

    /// <summary>
    /// Decodes <paramref name="grid"/> [27, <paramref name="steps"/>] like the overload at one tempo, following
    /// <paramref name="timing"/>'s tempo changes and meters: a piece's own, so its output plays at the input's times.
    /// <paramref name="steps"/> must be 1 or more and <paramref name="grid"/> hold 27 values a step.
    /// </summary>
    public static MidiSong ToSong(ReadOnlySpan<float> grid, int steps, GrooveTiming timing, string name = "groove")
    {
        if (steps <= 0)
            throw new ArgumentException($"a Groove grid has {steps} steps; it must have 1 or more", nameof(steps));
        var hits = NewHitLists();
        AddHits(grid, steps, 0, hits);
        return Song(hits, steps, timing, name);
    }

    /// <summary>One empty list of notes per drum class, for <see cref="AddHits"/>.</summary>
    public static List<MidiNote>[] NewHitLists()
        => [.. Enumerable.Range(0, DrumMapping.ClassCount).Select(_ => new List<MidiNote>())];

    /// <summary>
    /// Appends the hits of <paramref name="grid"/> [27, <paramref name="steps"/>], the steps from
    /// <paramref name="firstStep"/> on of a longer grid, to their drum class's list in <paramref name="hits"/>: a grid
    /// given window by window in order fills the lists exactly as given whole.
    /// </summary>
    public static void AddHits(ReadOnlySpan<float> grid, int steps, long firstStep, List<MidiNote>[] hits)
    {
        if (steps < 0 || grid.Length != (long)GrooveGrid.Channels * steps)
            throw new ArgumentException(
                $"a Groove grid of {steps} steps has {GrooveGrid.Channels * Math.Max(steps, 0)} "
                + $"values, got {grid.Length}", nameof(grid));
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                if (!(grid[drum * steps + t] > GrooveGrid.HitLevel)) continue;
                float offset = Math.Clamp(grid[(GrooveGrid.OffsetChannel + drum) * steps + t], -1f, 1f);
                float velocity = grid[(GrooveGrid.VelocityChannel + drum) * steps + t];
                long onset = Math.Max(0, (long)Math.Round((firstStep + t + offset / 2.0) * TicksPerStep));
                int midiVelocity = float.IsNaN(velocity) ? 1 : Math.Clamp((int)MathF.Round(velocity * 127), 1, 127);
                hits[drum].Add(
                    new MidiNote(MidiNote.DrumChannel, DrumMapping.FirstPitch(drum), midiVelocity, onset,
                    onset + TicksPerStep / 2));
            }
    }

    /// <summary>
    /// The song of <paramref name="hits"/> (<see cref="AddHits"/>), drum class by class, <paramref name="steps"/> long,
    /// at <paramref name="timing"/>'s tempo changes and meters that fall before its end.
    /// </summary>
    public static MidiSong Song(List<MidiNote>[] hits, long steps, GrooveTiming timing, string name = "groove")
    {
        long end = steps * TicksPerStep;
        return new MidiSong(name, 1, 2, timing.TempoMapUntil(end), timing.MetersUntil(end),
            [.. hits.SelectMany(h => h)], [], end);
    }

    /// <summary>Ticks of one 16th step in a decoded file.</summary>
    public const int TicksPerStep = TicksPerQuarter / GrooveGrid.StepsPerQuarter;
}
