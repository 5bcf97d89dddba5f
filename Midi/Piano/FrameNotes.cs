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

    /// <summary>
    /// Places <paramref name="notes"/> (pitches outside the 88 keys are left out) on <paramref name="clock"/>.
    /// </summary>
    /// <remarks>
    /// Built in arrays of 10 bytes a note (and the onsets' 8 while placing), sorted only when the notes do not already
    /// come in start order, so a long piece is placed without a copy of its notes.
    /// </remarks>
    public FrameNotes(IReadOnlyList<TimedNote> notes, FrameClock clock)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(clock);
        int count = 0;
        for (int i = 0; i < notes.Count; i++) if (PianoRoll.IsKey(notes[i].Pitch)) count++;
        _keys = new byte[count];
        _velocities = new byte[count];
        _starts = new int[count];
        _ends = new int[count];
        var onsets = new double[count];
        for (int i = 0, placed = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            if (!PianoRoll.IsKey(note.Pitch)) continue;
            long start = clock.NearestFrame(note.Start), end = Math.Max(clock.NearestFrame(note.End), start + 1);
            if (start < 0 || end > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(notes),
                    "notes must lie between 0 and int.MaxValue frames");
            _keys[placed] = (byte)(note.Pitch - PianoRoll.LowestPitch);
            _velocities[placed] = (byte)Math.Clamp(note.Velocity, 0, 127);
            (_starts[placed], _ends[placed], onsets[placed]) = ((int)start, (int)end, note.Start);
            placed++;
        }
        if (!InStartOrder(onsets)) SortByStart(onsets);
        for (int i = 0; i < count; i++) _longestSpan = Math.Max(_longestSpan, _ends[i] - _starts[i]);
        EndFrame = _ends.DefaultIfEmpty(0).Max();
    }

    /// <summary>Notes placed.</summary>
    public int Count => _starts.Length;

    /// <summary>The frame after the last note ends: frames needed to hold every note.</summary>
    public int EndFrame { get; }

    /// <summary>A placed note: key 0..87, velocity 0..127, frames [Start, End).</summary>
    public readonly record struct Span(int Key, int Velocity, int Start, int End);

    /// <summary>
    /// The notes sounding in frames [<paramref name="firstFrame"/>, + <paramref name="frames"/>), in start order.
    /// </summary>
    public IEnumerable<Span> Overlapping(int firstFrame, int frames)
    {
        long windowEnd = (long)firstFrame + frames;
        int i = LowerBound((long)firstFrame - _longestSpan);
        for (; i < _starts.Length && _starts[i] < windowEnd; i++)
            if (_ends[i] > firstFrame) yield return new Span(_keys[i], _velocities[i], _starts[i], _ends[i]);
    }

    // true when the notes come by start frame, then exact onset
    private bool InStartOrder(double[] onsets)
    {
        for (int i = 1; i < _starts.Length; i++)
            if (_starts[i] < _starts[i - 1] || (_starts[i] == _starts[i - 1] && onsets[i] < onsets[i - 1]))
                return false;
        return true;
    }

    // sorts the notes by start frame, then exact onset, keeping the given order among equals
    private void SortByStart(double[] onsets)
    {
        int[] order = [.. Enumerable.Range(0, _starts.Length)];
        Array.Sort(order, (a, b) => _starts[a] != _starts[b] ? _starts[a].CompareTo(_starts[b])
            : onsets[a] != onsets[b] ? onsets[a].CompareTo(onsets[b]) : a.CompareTo(b));
        Permute(_keys, order);
        Permute(_velocities, order);
        Permute(_starts, order);
        Permute(_ends, order);
    }

    // values[i] = the old values[order[i]]
    private static void Permute<T>(T[] values, int[] order)
    {
        var old = (T[])values.Clone();
        for (int i = 0; i < order.Length; i++) values[i] = old[order[i]];
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
