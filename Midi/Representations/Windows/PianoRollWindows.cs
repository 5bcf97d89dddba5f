using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Windows of the piano roll [176, frames] rendered from the notes on request (<see cref="PianoRoll.Render(IReadOnlyList{TimedNote}, int, int, double)"/>),
/// each from the notes that can reach it: notes sorted by start once, and a window's from the first whose start lies
/// within the longest note's span of it.
/// </summary>
public sealed class PianoRollWindows : ISignalWindows
{
    private readonly TimedNote[] _notes;
    private readonly double[] _starts;
    private readonly double _longest;
    private readonly double _framesPerSecond;

    /// <summary>The roll of <paramref name="notes"/> at <paramref name="framesPerSecond"/>, <paramref name="frames"/> long.</summary>
    public PianoRollWindows(IReadOnlyList<TimedNote> notes, int frames, double framesPerSecond)
    {
        _notes = [.. notes.OrderBy(n => n.Start)];   // stable, as Render's own order
        _starts = [.. _notes.Select(n => n.Start)];
        _longest = _notes.Select(n => n.End - n.Start).DefaultIfEmpty(0).Max();
        (Length, _framesPerSecond) = (frames, framesPerSecond);
    }

    /// <inheritdoc />
    public int Channels => PianoRoll.Channels;

    /// <inheritdoc />
    public int Length { get; }

    /// <inheritdoc />
    public double Bpm => 120;

    /// <inheritdoc />
    public TimeSignature Meter => TimeSignature.Default;

    /// <inheritdoc />
    public void Read(int start, int count, Span<float> window)
    {
        WindowChecks.Check(Channels, start, count, window.Length);
        int inside = Math.Clamp(Length - start, 0, count);
        // a note reaches frame f only if it starts less than its length plus a frame of rounding before f
        double from = (start - 1) / _framesPerSecond - _longest, to = (start + inside + 1) / _framesPerSecond;
        int first = LowerBound(from), last = LowerBound(to);
        var roll = PianoRoll.Render(new ArraySegment<TimedNote>(_notes, first, last - first), start, inside, _framesPerSecond);
        window.Clear();
        for (int c = 0; c < Channels; c++) roll.AsSpan(c * inside, inside).CopyTo(window.Slice(c * count, inside));
    }

    // the first note starting at or after seconds
    private int LowerBound(double seconds)
    {
        int index = Array.BinarySearch(_starts, seconds);
        if (index < 0) return ~index;
        while (index > 0 && _starts[index - 1] == seconds) index--;
        return index;
    }
}
