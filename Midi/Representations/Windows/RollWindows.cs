using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Windows of a roll (piano roll or onset roll) [C, frames] rendered on request from the piece's notes placed on their
/// frames (<see cref="FrameNotes"/>, which finds a window's notes by binary search), at 120 bpm in 4/4 like the rolls'
/// <see cref="IMusicRepresentation.Encode"/>. <paramref name="render"/> renders frames [first, + count): [C, count].
/// </summary>
public sealed class RollWindows(FrameNotes notes, int frames, int channels, Func<FrameNotes, int, int, float[]> render)
    : ISignalWindows
{
    /// <inheritdoc />
    public int Channels => channels;

    /// <inheritdoc />
    public int Length => frames;

    /// <inheritdoc />
    public double Bpm => 120;

    /// <inheritdoc />
    public TimeSignature Meter => TimeSignature.Default;

    /// <inheritdoc />
    public GrooveTiming? Timing => null;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> window)
    {
        WindowChecks.Check(Channels, start, count, window.Length);
        int inside = Math.Clamp(Length - start, 0, count);
        var roll = render(notes, start, inside);
        window.Clear();
        for (int c = 0; c < Channels; c++) roll.AsSpan(c * inside, inside).CopyTo(window.Slice(c * count, inside));
    }
}
