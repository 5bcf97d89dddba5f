using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// The first <paramref name="steps"/> steps of a piece's windows (all of them when the piece is shorter): an excerpt
/// [C, min(steps, T)] whose later steps read as zero, as if the piece ended there.
/// </summary>
public sealed class FirstStepsWindows(ISignalWindows piece, int steps) : ISignalWindows
{
    /// <inheritdoc />
    public int Channels => piece.Channels;

    /// <inheritdoc />
    public int Length { get; } = steps >= 1 ? Math.Min(steps, piece.Length)
        : throw new ArgumentOutOfRangeException(nameof(steps), steps, "an excerpt holds at least one step");

    /// <inheritdoc />
    public double Bpm => piece.Bpm;

    /// <inheritdoc />
    public TimeSignature Meter => piece.Meter;

    /// <inheritdoc />
    public GrooveTiming? Timing => piece.Timing;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> window)
    {
        piece.Read(start, count, window);
        int inside = Math.Clamp(Length - start, 0, count);
        for (int c = 0; c < Channels; c++) window.Slice(c * count + inside, count - inside).Clear();
    }
}
