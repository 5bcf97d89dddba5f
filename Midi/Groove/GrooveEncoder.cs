using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// MIDI to <see cref="GrooveGrid"/>. The grid is laid in ticks (4 steps per quarter note of the file's own
/// division), so it follows the file's tempo map and meters: a note's step is its tick rounded to the nearest 16th,
/// its offset what is left over. Bars follow the time signatures (4/4 before any); a meter change starts a new bar.
/// Only notes on the General MIDI drum channel 10 are drums: notes on other channels are dropped and counted, as
/// pretty_midi and note_seq mark only channel-10 notes <c>is_drum</c> and Magenta's drum tracks take only those, so
/// a pitched part's C2 is not read as a kick. Every note of the Groove MIDI Dataset is on channel 10.
/// </summary>
public static class GrooveEncoder
{
    /// <summary>
    /// Longest grid accepted (16,384 bars of 4/4); a longer one is a <see cref="MidiFormatException"/>.
    /// </summary>
    public const int MaxSteps = 1 << 18;

    /// <summary>
    /// Encodes the drum notes (channel 10) of every track; notes on other channels and unmapped pitches are counted
    /// and dropped.
    /// </summary>
    public static GrooveGrid Encode(MidiSong song)
    {
        var placed = Place(song);
        int steps = placed.Steps;
        // grid [27, steps]
        var values = new float[GrooveGrid.Channels * steps];
        int merged = placed.Render(0, steps, values);
        return new GrooveGrid(values, steps, placed.Bars, placed.MicrosecondsPerQuarter, placed.DroppedByPitch,
            placed.Hits.Count, merged, placed.OffDrumChannelNotes);
    }

    /// <summary>
    /// The drum notes (channel 10) of every track placed on the grid, with its bars, but not rendered: what
    /// <see cref="Encode"/> renders whole and <see cref="GrooveHits.Render"/> renders a window at a time.
    /// </summary>
    public static GrooveHits Place(MidiSong song)
    {
        ArgumentNullException.ThrowIfNull(song);
        var dropped = new int[128];
        int offDrumChannel = 0;
        var hits = new List<GrooveHit>(song.Notes.Count);
        double stepsPerTick = (double)GrooveGrid.StepsPerQuarter / song.TicksPerQuarter;
        int lastStep = 0;
        foreach (var note in song.Notes)
        {
            if (note.Channel != MidiNote.DrumChannel) { offDrumChannel++; continue; }
            int drum = DrumMapping.ClassOf(note.Pitch);
            if (drum < 0) { dropped[note.Pitch]++; continue; }
            double position = note.StartTick * stepsPerTick;
            double step = Math.Floor(position + 0.5);
            if (step >= MaxSteps)
                throw new MidiFormatException(song.Name,
                    $"a drum note at step {step:0} is past the {MaxSteps}-step limit of a Groove grid");
            hits.Add(new GrooveHit(drum, (int)step, note.Velocity, (float)(2 * (position - step))));
            lastStep = Math.Max(lastStep, (int)step);
        }
        if (hits.Count == 0)
            throw new MidiFormatException(song.Name, song.Notes.Count == 0 ? "has no notes"
                : $"has no drum notes of the 9 mapped classes on channel 10 ({song.Notes.Count} notes: "
                + $"{offDrumChannel} on other channels, {dropped.Sum()} of unmapped pitches)");
        // a stable sort: notes of one step keep the file's order, which decides between equally loud ones
        return new GrooveHits([.. hits.OrderBy(h => h.Step)], LayBars(song, lastStep),
            song.Tempo.Changes[0].MicrosecondsPerQuarter, dropped, offDrumChannel);
    }

    /// <summary>Bars from step 0 until one contains <paramref name="lastStep"/>, following the meter changes.</summary>
    private static List<GrooveBar> LayBars(MidiSong song, int lastStep)
    {
        var meters = song.TimeSignatures.ToList();
        if (meters.Count == 0 || meters[0].Tick > 0) meters.Insert(0, TimeSignature.Default);
        double stepsPerTick = (double)GrooveGrid.StepsPerQuarter / song.TicksPerQuarter;
        var bars = new List<GrooveBar>();
        int step = 0;
        for (int m = 0; m < meters.Count && step <= lastStep; m++)
        {
            var meter = meters[m];
            if (!GrooveBar.FitsGrid(meter))
                throw new MidiFormatException(song.Name, $"meter {meter} does not divide into 16th notes");
            long next = m + 1 < meters.Count ? (long)Math.Floor(meters[m + 1].Tick * stepsPerTick + 0.5)
                : long.MaxValue;
            int perBar = GrooveBar.StepsPerBar(meter);
            while (step < next && step <= lastStep)
            {
                int length = (int)Math.Min(perBar, next - step);
                bars.Add(new GrooveBar(step, length, meter));
                step += length;
            }
        }
        return bars;
    }
}
