using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// Lloyd's algorithm for the union code of <see cref="UnionGainCoder"/> (two atoms with gains per frame, decoded as
/// the union of their lit hits), on Groove frames [n, 27, K]. Each iteration codes every frame by the union coder, then
/// refits every atom cell (hit, velocity and offset rows alike) as the least-squares solution over the (frame, drum,
/// step) the atom is responsible for (<see cref="UnionGainCoder.Responsible"/>): a = Σ g x / Σ g². A cell no frame
/// makes the atom responsible for keeps its value.
/// </summary>
public static class UnionLloyd
{
    /// <summary>The stage name the rounds are reported under.</summary>
    public const string Stage = "union-code Lloyd rounds";

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
            using var coder = new UnionGainCoder("union-lloyd", backend, current, atomCount, channels, frameLength,
                steps: frameLength, GainTieBreak.LowerAtom);
            return Refit(coder, current, frames, coder.Choose(frames, count), frameSize,
                DrumMapping.ClassCount * frameLength);
        }, Stage, progress, cancel);
    }

    // one least-squares update of every cell of atoms [N, C, K] over the cells its codes make it responsible for
    private static float[] Refit(UnionGainCoder coder, float[] atoms, float[] frames, UnionCode[] codes,
        int frameSize, int hitCells)
    {
        var refit = new CellRefit(frames, atoms.Length, frameSize);
        for (int f = 0; f < codes.Length; f++)
            for (int d = 0; d < hitCells; d++)
            {
                var (atom, gain) = coder.Responsible(codes[f], d);
                if (atom < 0) continue;
                for (int row = d; row < frameSize; row += hitCells) refit.Add(f, atom, gain, row);
            }
        return refit.Apply(atoms);
    }
}
