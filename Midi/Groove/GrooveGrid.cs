using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// A whole drum performance on the 16th-note grid, channels [hits × 9 | velocities × 9 | offsets × 9] (DESIGN §3):
/// hit ∈ {0, 1}; velocity = v / 127; offset = 2 × (onset − grid time) / step ∈ [−1, 1), positive when played
/// late. <see cref="Values"/> is row-major [27, <see cref="Steps"/>]. <see cref="GrooveSections"/> cuts it into bars.
/// </summary>
public sealed class GrooveGrid
{
    /// <summary>Channels: 9 hits, 9 velocities, 9 offsets.</summary>
    public const int Channels = 3 * DrumMapping.ClassCount;

    /// <summary>A hit row's value above which a cell is a hit: where a model's output is decoded and where an
    /// encoded (0 or 1) grid is read.</summary>
    public const float HitLevel = 0.5f;

    /// <summary>Grid steps per quarter note (16th notes).</summary>
    public const int StepsPerQuarter = 4;

    /// <summary>Grid steps per whole note.</summary>
    public const int StepsPerWholeNote = 4 * StepsPerQuarter;

    /// <summary>Channel of the first velocity row.</summary>
    public const int VelocityChannel = DrumMapping.ClassCount;

    /// <summary>Channel of the first offset row.</summary>
    public const int OffsetChannel = 2 * DrumMapping.ClassCount;

    /// <summary>Creates a grid; <paramref name="values"/> must hold [27, steps].</summary>
    public GrooveGrid(float[] values, int steps, IReadOnlyList<GrooveBar> bars, int microsecondsPerQuarter,
        int[] droppedByPitch, int mappedNotes, int mergedNotes, int offDrumChannelNotes)
    {
        if (values.Length != Channels * steps)
            throw new ArgumentException($"a grid of {steps} steps needs {Channels * steps} values, got {values.Length}",
                nameof(values));
        if (droppedByPitch.Length != 128)
            throw new ArgumentException("dropped counts are indexed by the 128 MIDI pitches", nameof(droppedByPitch));
        Values = values;
        Steps = steps;
        Bars = bars;
        MicrosecondsPerQuarter = microsecondsPerQuarter;
        DroppedByPitch = droppedByPitch;
        MappedNotes = mappedNotes;
        MergedNotes = mergedNotes;
        OffDrumChannelNotes = offDrumChannelNotes;
    }

    /// <summary>The grid, row-major [27, Steps].</summary>
    public float[] Values { get; }

    /// <summary>Number of 16th steps; always the end of the last bar.</summary>
    public int Steps { get; }

    /// <summary>The bars in order, covering every step.</summary>
    public IReadOnlyList<GrooveBar> Bars { get; }

    /// <summary>The source's first tempo (Groove files have one), for decoding at the original speed.</summary>
    public int MicrosecondsPerQuarter { get; }

    /// <summary>The source's first tempo in bpm.</summary>
    public double Bpm => 60_000_000.0 / MicrosecondsPerQuarter;

    /// <summary>
    /// Notes on channels other than the drum channel 10, dropped (not counted in <see cref="DroppedByPitch"/>).
    /// </summary>
    public int OffDrumChannelNotes { get; }

    /// <summary>Drum-channel notes of unmapped pitches, indexed by pitch.</summary>
    public int[] DroppedByPitch { get; }

    /// <summary>Notes of mapped pitches (the grid holds them, less <see cref="MergedNotes"/>).</summary>
    public int MappedNotes { get; }

    /// <summary>
    /// Mapped notes that shared a step and class with a louder (or equally loud, earlier) one and were dropped.
    /// </summary>
    public int MergedNotes { get; }

    /// <summary>A value at channel <paramref name="channel"/>, step <paramref name="step"/>.</summary>
    public float this[int channel, int step] => Values[channel * Steps + step];
}
