using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Lloyd's algorithm for the gain code of <see cref="GainSearchCoder"/> (one atom and one real gain per frame, chosen
/// for the fewest wrong hit cells at 0.5), on Groove frames [n, 27, K]. Each iteration assigns every frame its atom
/// and gain g_i by the gain search, then refits each atom a to its frames as the least-squares solution of
/// x_i ≈ g_i a, that is a = Σ g_i x_i / Σ g_i² (<see cref="CellRefit"/>, every cell of a frame its atom's). An atom
/// no frame chose, and a frame left empty, take no part.
/// </summary>
public static class GainLloyd
{
    /// <summary>The stage name the rounds are reported under.</summary>
    public const string Stage = "gain-code Lloyd rounds";

    /// <summary>
    /// atoms [atomCount, C, K] refit to frames [n, C, K] by <paramref name="iterations"/> rounds, each told to
    /// <paramref name="progress"/> (<see cref="Stage"/>); a new array. Once <paramref name="cancel"/> is cancelled no
    /// further round starts, and the atoms are the last whole round's.
    /// </summary>
    public static float[] Refine(IComputeBackend backend, float[] frames, float[] atoms, int atomCount, int channels,
        int frameLength, int iterations, StageProgress? progress = null, CancellationToken cancel = default)
    {
        int frameSize = channels * frameLength;
        return LloydRounds.Run(frames, atoms, frameSize, iterations, (current, count) =>
        {
            int[] chosen;
            float[] gains;
            using (var coder = new GainSearchCoder("gain-lloyd", backend, current, atomCount, channels, frameLength,
                       steps: frameLength, GainTieBreak.LowerAtom))
                (chosen, gains) = coder.Choose(frames, count);
            var refit = new CellRefit(frames, current.Length, frameSize);
            for (int f = 0; f < count; f++)
                if (chosen[f] >= 0)
                    for (int i = 0; i < frameSize; i++) refit.Add(f, chosen[f], gains[f], i);
            return refit.Apply(current);
        }, Stage, progress, cancel);
    }
}
