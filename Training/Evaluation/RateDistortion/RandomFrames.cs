namespace TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>
/// The exemplar baseline's dictionary: N frames of K steps drawn at random (seeded, without replacement) from the
/// training frames that hold at least one non-zero value (an empty frame can never be picked by a pursuit).
/// </summary>
public static class RandomFrames
{
    /// <summary>Atoms [count, C, K] drawn from the training bars [bars.Count, C, T].</summary>
    public static float[] Draw(Bars bars, int frameLength, int count, int seed)
        => Draw(BarSegments.Cut(bars.Values, bars.Count, bars.Channels, bars.Steps, frameLength),
            bars.Channels * frameLength, count, seed);

    /// <summary>
    /// Atoms [count, C, K] drawn from training frames [n, C, K], <paramref name="frameSize"/> = C * K values each.
    /// </summary>
    public static float[] Draw(float[] frames, int frameSize, int count, int seed)
    {
        var candidates = Enumerable.Range(0, frames.Length / frameSize)
            .Where(i => frames.AsSpan(i * frameSize, frameSize).IndexOfAnyExcept(0f) >= 0).ToArray();
        if (candidates.Length < count)
            throw new ArgumentException(
                $"{count} random atoms need as many non-empty training frames, found {candidates.Length}");
        new Random(seed).Shuffle(candidates);
        var atoms = new float[count * frameSize];
        for (int n = 0; n < count; n++)
            frames.AsSpan(candidates[n] * frameSize, frameSize).CopyTo(atoms.AsSpan(n * frameSize, frameSize));
        return atoms;
    }
}
