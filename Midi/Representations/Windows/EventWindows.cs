using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Windows of the events one-hot [388, T] made from the event indices [T] alone (two bytes a step, where the one-hot
/// takes 1552), at 120 bpm in 4/4 like <see cref="EventsRepresentation.Encode"/>.
/// </summary>
public sealed class EventWindows(short[] events) : ISignalWindows
{
    /// <inheritdoc />
    public int Channels => PerformanceEvents.EventCount;

    /// <inheritdoc />
    public int Length => events.Length;

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
        window.Clear();
        int inside = Math.Clamp(Length - start, 0, count);
        for (int t = 0; t < inside; t++) window[events[start + t] * count + t] = 1;
    }
}
