using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// One mapped drum note on the grid: its class, its 16th step, its MIDI velocity and its offset ×2 in [−1, 1).
/// </summary>
public readonly record struct GrooveHit(int Class, int Step, int Velocity, float Offset);

/// <summary>
/// A file's mapped drum notes placed on the 16th grid, in step order (notes of one step in file order), with the bars
/// and the counts <see cref="GrooveEncoder"/> reports: what a Groove grid [27, <see cref="Steps"/>] is rendered from,
/// 16 bytes a note, so any window of the grid can be rendered without the whole (<see cref="Render"/>).
/// </summary>
public sealed class GrooveHits(GrooveHit[] hits, IReadOnlyList<GrooveBar> bars, int microsecondsPerQuarter,
    int[] droppedByPitch, int offDrumChannelNotes)
{
    /// <summary>The hits in step order.</summary>
    public IReadOnlyList<GrooveHit> Hits => hits;

    /// <summary>The bars in order, covering every step.</summary>
    public IReadOnlyList<GrooveBar> Bars => bars;

    /// <summary>Steps of the grid: the end of the last bar.</summary>
    public int Steps => bars[^1].StartStep + bars[^1].Steps;

    /// <summary>The source's first tempo.</summary>
    public int MicrosecondsPerQuarter => microsecondsPerQuarter;

    /// <summary>Drum-channel notes of unmapped pitches, indexed by pitch.</summary>
    public int[] DroppedByPitch => droppedByPitch;

    /// <summary>Notes on channels other than the drum channel 10.</summary>
    public int OffDrumChannelNotes => offDrumChannelNotes;

    /// <summary>
    /// Renders steps [<paramref name="start"/>, + <paramref name="count"/>) into <paramref name="window"/> [27, count]
    /// (zeros elsewhere): hit 1, velocity v / 127 and the offset of each class's loudest note of a step (the earlier
    /// of equally loud ones). Returns how many notes lost their step to a louder one.
    /// </summary>
    public int Render(int start, int count, Span<float> window)
    {
        WindowChecks.Check(GrooveGrid.Channels, start, count, window.Length);
        window.Clear();
        int merged = 0;
        int first = SortedPositions.FirstAtOrAfter(hits, start, h => h.Step);
        for (int i = first; i < hits.Length && hits[i].Step < (long)start + count; i++)
        {
            var (drum, step, velocity, offset) = hits[i];
            int t = step - start, hit = drum * count + t, vel = (GrooveGrid.VelocityChannel + drum) * count + t;
            float v = velocity / 127f;
            if (window[hit] > 0)
            {
                merged++;
                if (v <= window[vel]) continue;
            }
            window[hit] = 1;
            window[vel] = v;
            window[(GrooveGrid.OffsetChannel + drum) * count + t] = offset;
        }
        return merged;
    }
}
