using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Windows of a Groove grid [27, steps] rendered on request from the file's hits (<see cref="GrooveHits.Render"/>,
/// which finds a window's hits by binary search), so the grid (27 floats a 16th step) is never held whole; the windows
/// equal the slices of <see cref="GrooveEncoder.Encode"/>'s grid, at its first tempo and first bar's meter, with the
/// file's <paramref name="timing"/>.
/// </summary>
public sealed class GrooveWindows(GrooveHits hits, GrooveTiming timing) : ISignalWindows
{
    /// <inheritdoc />
    public int Channels => GrooveGrid.Channels;

    /// <inheritdoc />
    public int Length => hits.Steps;

    /// <inheritdoc />
    public double Bpm => 60_000_000.0 / hits.MicrosecondsPerQuarter;

    /// <inheritdoc />
    public TimeSignature Meter => hits.Bars[0].Meter;

    /// <inheritdoc />
    public GrooveTiming? Timing => timing;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> window)
    {
        WindowChecks.Check(Channels, start, count, window.Length);
        int inside = Math.Clamp(Length - start, 0, count);
        hits.Render(start, inside, window[..(Channels * inside)]);
        if (inside == count) return;
        // the rendered rows [27, inside] spread out to [27, count], back to front so nothing is overwritten before it
        // moves
        for (int c = Channels - 1; c >= 0; c--)
        {
            window.Slice(c * inside, inside).CopyTo(window.Slice(c * count, inside));
            window.Slice(c * count + inside, count - inside).Clear();
        }
    }
}
