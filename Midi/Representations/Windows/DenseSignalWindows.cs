using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Windows of an already encoded piece [C, T] (a noisy piece, or one a test built): each row's steps copied out.
/// </summary>
public sealed class DenseSignalWindows(EncodedPiece piece) : ISignalWindows
{
    /// <inheritdoc />
    public int Channels => piece.Channels;

    /// <inheritdoc />
    public int Length => piece.Length;

    /// <inheritdoc />
    public double Bpm => piece.Bpm;

    /// <inheritdoc />
    public TimeSignature Meter => piece.Meter;

    /// <inheritdoc />
    public GrooveTiming? Timing => piece.Timing;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> window)
    {
        WindowChecks.Check(Channels, start, count, window.Length);
        window.Clear();
        int inside = Math.Clamp(Length - start, 0, count);
        for (int c = 0; c < Channels; c++) piece.Row(c).Slice(start, inside).CopyTo(window.Slice(c * count, inside));
    }
}
