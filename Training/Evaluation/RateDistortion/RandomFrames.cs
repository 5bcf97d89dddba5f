namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The exemplar baseline's dictionary: N frames of K steps drawn at random (seeded, without replacement) from the
/// training bars' frames that hold at least one non-zero value (an empty frame can never be picked by a pursuit).
/// </summary>
public static class RandomFrames
{
    /// <summary>Atoms [count, C, K] drawn from the training bars [bars.Count, C, T].</summary>
    public static float[] Draw(Bars bars, int frameLength, int count, int seed)
    {
        var frames = BarSegments.Cut(bars.Values, bars.Count, bars.Channels, bars.Steps, frameLength);
        int size = bars.Channels * frameLength;
        var candidates = Enumerable.Range(0, frames.Length / size).Where(i => frames.AsSpan(i * size, size).IndexOfAnyExcept(0f) >= 0).ToArray();
        if (candidates.Length < count) throw new ArgumentException($"{count} random atoms need as many non-empty training frames, found {candidates.Length}");
        new Random(seed).Shuffle(candidates);
        var atoms = new float[count * size];
        for (int n = 0; n < count; n++) frames.AsSpan(candidates[n] * size, size).CopyTo(atoms.AsSpan(n * size, size));
        return atoms;
    }
}
