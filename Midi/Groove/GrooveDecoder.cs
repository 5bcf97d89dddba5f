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

    /// <summary>MIDI channel 10, 0-based.</summary>
    public const int DrumChannel = 9;

    /// <summary>
    /// Decodes <paramref name="grid"/> [27, <paramref name="steps"/>] (e.g. a model's output) into a song at
    /// <paramref name="bpm"/> (the source's, or 120 for generated grids) in <paramref name="meter"/> (4/4 by default).
    /// Each hit lasts half a step.
    /// </summary>
    public static MidiSong ToSong(ReadOnlySpan<float> grid, int steps, double bpm = 120, TimeSignature? meter = null, string name = "groove")
    {
        if (steps <= 0 || grid.Length != GrooveGrid.Channels * steps)
            throw new ArgumentException($"a Groove grid of {steps} steps has {GrooveGrid.Channels * Math.Max(steps, 0)} values, got {grid.Length}", nameof(grid));
        if (!(bpm is > 0 and <= MidiLimits.MaxBpm)) throw new ArgumentOutOfRangeException(nameof(bpm), bpm, $"tempo must be in (0, {MidiLimits.MaxBpm}] bpm");
        const int ticksPerStep = TicksPerQuarter / GrooveGrid.StepsPerQuarter;
        var notes = new List<MidiNote>();
        for (int drum = 0; drum < DrumMapping.ClassCount; drum++)
            for (int t = 0; t < steps; t++)
            {
                if (!(grid[drum * steps + t] > 0.5f)) continue;
                float offset = Math.Clamp(grid[(GrooveGrid.OffsetChannel + drum) * steps + t], -1f, 1f);
                float velocity = grid[(GrooveGrid.VelocityChannel + drum) * steps + t];
                long onset = Math.Max(0, (long)Math.Round((t + offset / 2.0) * ticksPerStep));
                int midiVelocity = float.IsNaN(velocity) ? 1 : Math.Clamp((int)MathF.Round(velocity * 127), 1, 127);
                notes.Add(new MidiNote(DrumChannel, DrumMapping.FirstPitch(drum), midiVelocity, onset, onset + ticksPerStep / 2));
            }
        var tempo = new TempoMap(TicksPerQuarter, [new TempoChange(0, (int)Math.Round(60_000_000 / bpm))]);
        return new MidiSong(name, 1, 2, tempo, [(meter ?? TimeSignature.Default) with { Tick = 0 }], notes, [], (long)steps * ticksPerStep);
    }
}
