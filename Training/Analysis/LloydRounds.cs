namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// The loop of a Lloyd refit of a dictionary to frames (<see cref="GainLloyd"/>, <see cref="UnionLloyd"/>): rounds of
/// "code every frame, then refit every atom to what it codes", each on the last round's atoms.
/// </summary>
internal static class LloydRounds
{
    /// <summary>
    /// atoms [N, C * K] after <paramref name="iterations"/> rounds of <paramref name="round"/> (atoms, frame count ->
    /// refit atoms, free to overwrite the atoms it gets) over frames [n, <paramref name="frameSize"/>]; a new array,
    /// the input atoms untouched. <paramref name="progress"/> hears of each round done, as stage
    /// <paramref name="stage"/>. Once <paramref name="cancel"/> is cancelled no further round starts: the atoms are
    /// the last whole round's (the input's, before the first).
    /// </summary>
    public static float[] Run(float[] frames, float[] atoms, int frameSize, int iterations,
        Func<float[], int, float[]> round, string stage, StageProgress? progress, CancellationToken cancel)
    {
        int count = frames.Length / frameSize;
        if (frames.Length != count * frameSize)
            throw new ArgumentException($"{frames.Length} values are not frames of {frameSize}");
        var refined = (float[])atoms.Clone();
        for (int iteration = 0; iteration < iterations && !cancel.IsCancellationRequested; iteration++)
        {
            refined = round(refined, count);
            progress?.Invoke(stage, iteration + 1, iterations);
        }
        return refined;
    }
}
