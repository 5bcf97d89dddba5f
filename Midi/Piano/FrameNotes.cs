namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// A piece's piano notes placed on a <see cref="FrameClock"/>: each note of the 88 keys as its key, velocity and
/// frame span [start, end), where times round to the nearest frame start and a note lasts at least one frame. Sorted
/// by start frame, then exact onset, which lets a window of frames find its
/// notes by binary search: rendering a window costs its own notes, not the whole piece's.
/// </summary>
public sealed class FrameNotes
{
    private readonly byte[] _keys;
    private readonly byte[] _velocities;
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly int _longestSpan;

    /// <summary>Places <paramref name="notes"/> (pitches outside the 88 keys are left out) on <paramref name="clock"/>.</summary>
    public FrameNotes(IReadOnlyList<TimedNote> notes, FrameClock clock)
    {
        var placed = notes.Where(n => PianoRoll.IsKey(n.Pitch))
            .Select(n => (Note: n, Start: clock.NearestFrame(n.Start)))
            .Select(p => (p.Note, p.Start, End: Math.Max(clock.NearestFrame(p.Note.End), p.Start + 1)))
            .OrderBy(p => p.Start).ThenBy(p => p.Note.Start).ToArray();
        if (placed.Length > 0 && (placed[0].Start < 0 || placed.Max(p => p.End) > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(notes), "notes must lie between 0 and int.MaxValue frames");
        _keys = [.. placed.Select(p => (byte)(p.Note.Pitch - PianoRoll.LowestPitch))];
        _velocities = [.. placed.Select(p => (byte)Math.Clamp(p.Note.Velocity, 0, 127))];
        _starts = [.. placed.Select(p => (int)p.Start)];
        _ends = [.. placed.Select(p => (int)p.End)];
        _longestSpan = _ends.Zip(_starts, (end, start) => end - start).DefaultIfEmpty(0).Max();
        EndFrame = _ends.DefaultIfEmpty(0).Max();
    }

    /// <summary>Notes placed.</summary>
    public int Count => _starts.Length;

    /// <summary>The frame after the last note ends: frames needed to hold every note.</summary>
    public int EndFrame { get; }

    /// <summary>A placed note: key 0..87, velocity 0..127, frames [Start, End).</summary>
    public readonly record struct Span(int Key, int Velocity, int Start, int End);

    /// <summary>The notes sounding in frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>), in start order.</summary>
    public IEnumerable<Span> Overlapping(int firstFrame, int frames)
    {
        long windowEnd = (long)firstFrame + frames;
        int i = LowerBound((long)firstFrame - _longestSpan);
        for (; i < _starts.Length && _starts[i] < windowEnd; i++)
            if (_ends[i] > firstFrame) yield return new Span(_keys[i], _velocities[i], _starts[i], _ends[i]);
    }

    // first note whose start frame is at least frame
    private int LowerBound(long frame)
    {
        int low = 0, high = _starts.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_starts[middle] < frame) low = middle + 1; else high = middle;
        }
        return low;
    }
}
