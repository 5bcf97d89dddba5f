namespace TcnWtaNative.Training.Revival;

/// <summary>
/// The <see cref="Capacity"/> worst-reconstructed frames offered so far, worst first. Only whole frames inside an
/// item's valid length count; non-finite errors are ignored; equal errors go to the lower item, then the earlier step,
/// so the choice does not depend on the order the frames came in.
/// </summary>
public sealed class WorstFrameRanking(int capacity, IEnumerable<WorstFrame>? kept = null)
{
    private readonly List<WorstFrame> _frames = kept?.Take(capacity).ToList() ?? [];

    /// <summary>How many frames the ranking keeps.</summary>
    public int Capacity => capacity;

    /// <summary>The frames kept, worst first.</summary>
    public IReadOnlyList<WorstFrame> Frames => _frames;

    /// <summary>
    /// Offers a batch's frame errors e[B, L] (from <see cref="FrameErrors"/>): row b belongs to item items[b], frame l
    /// starts at step l*K and counts when it ends within validLengths[b] (all of L*K when null).
    /// </summary>
    public void Offer(ReadOnlySpan<float> errors, IReadOnlyList<int> items, int frameLength,
        IReadOnlyList<int>? validLengths)
    {
        if (capacity == 0) return;
        int frames = errors.Length / items.Count;
        if (frames * items.Count != errors.Length)
            throw new ArgumentException($"{errors.Length} frame errors do not split into {items.Count} items");
        for (int b = 0; b < items.Count; b++)
        {
            int wholeFrames = validLengths is null ? frames : Math.Min(frames, validLengths[b] / frameLength);
            for (int l = 0; l < wholeFrames; l++)
                Offer(new WorstFrame(items[b], l * frameLength, errors[b * frames + l]));
        }
    }

    /// <summary>Keeps frame when it is among the worst <see cref="Capacity"/>.</summary>
    public void Offer(WorstFrame frame)
    {
        if (!float.IsFinite(frame.Error)) return;
        if (_frames.Count == capacity && !IsWorse(frame, _frames[^1])) return;
        int at = _frames.Count;
        while (at > 0 && IsWorse(frame, _frames[at - 1])) at--;
        if (_frames.Count == capacity) _frames.RemoveAt(_frames.Count - 1);
        _frames.Insert(at, frame);
    }

    private static bool IsWorse(WorstFrame a, WorstFrame b)
        => a.Error != b.Error ? a.Error > b.Error : a.Item != b.Item ? a.Item < b.Item : a.Start < b.Start;
}
