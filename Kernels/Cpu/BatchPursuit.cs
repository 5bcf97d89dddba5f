using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// <see cref="IComputeBackend.MatchingPursuit"/> on all cores: one work item per group of frames, each run by one
/// thread in that thread's scratch (grown on first use, then reused: nothing is allocated per call once warm). Within a
/// group, a frame's best atom is kept between steps and only the frame that gained an atom is rescanned; the residual
/// correlations c - G[:,I] gamma_I are rebuilt from contiguous Gram rows, one SIMD multiply-add pass per row
/// (TensorPrimitives: the product rounded, then added; four rows per pass in hand-written Vector512 code measured
/// 1.3-2x slower), and the scan divides eight lanes at a time. Scores, ties, tolerances and the order of every float
/// operation are the reference loop's, so the codes match it bit for bit.
/// </summary>
internal sealed class BatchPursuit : ParallelJob
{
    private float[] _divisors = [];   // ||atom n||, or +inf for an atom that can never be picked (g[n,n] <= 0)
    private float[] _correlations = [], _gram = [], _code = [];
    private int _correlationsOffset, _gramOffset, _codeOffset;
    private int _atoms, _length, _groupFrames, _budget, _groupsPerItem;

    /// <summary>Runs the op; shapes were checked by the caller.</summary>
    public void Encode(int batch, int atoms, int length, int groupFrames, int nonzerosPerGroup, CpuBuffer correlations,
        CpuBuffer gram, CpuBuffer code)
    {
        if (batch == 0 || length == 0) return;
        if (_divisors.Length < atoms) _divisors = new float[atoms];
        var g = gram.Span;
        for (int n = 0; n < atoms; n++)
        {
            float diagonal = g[n * atoms + n];
            _divisors[n] = diagonal > 0f ? MathF.Sqrt(diagonal) : float.PositiveInfinity;
        }
        (_correlations, _correlationsOffset, _gram, _gramOffset, _code, _codeOffset) =
            (correlations.Storage, correlations.Offset, gram.Storage, gram.Offset, code.Storage, code.Offset);
        (_atoms, _length, _groupFrames, _budget) = (atoms, length, groupFrames, nonzerosPerGroup);
        _groupsPerItem = PursuitShapes.GroupsPerItem(length, groupFrames);
        try { CoreWorkers.Run(this, batch * _groupsPerItem); }
        finally { (_correlations, _gram, _code) = ([], [], []); } // drop the references to the caller's arrays
    }

    /// <summary>Group <paramref name="index"/> = b * groups per item + the group's number within item b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(int index, int worker)
    {
        int atoms = _atoms, length = _length, budget = _budget;
        int b = index / _groupsPerItem, first = index % _groupsPerItem * _groupFrames;
        int frames = Math.Min(_groupFrames, length - first), size = frames * atoms;
        var s = Scratch.Grown(size, frames, budget, PursuitShapes.PicksPerFrame(atoms, budget),
            PursuitShapes.CholeskySize(atoms, budget));
        ReadOnlySpan<float> gram = _gram.AsSpan(_gramOffset, atoms * atoms);
        Span<float> c = s.Correlations.AsSpan(0, size), residual = s.Residual.AsSpan(0, size),
            divisors = s.Divisors.AsSpan(0, size);
        Span<float> frameBest = s.FrameBest, factor = s.Factor, solved = s.Solved, gamma = s.Gamma, w = s.Row;
        Span<int> frameAtom = s.FrameAtom, pickFrame = s.PickFrame, pickAtom = s.PickAtom, rowStart = s.RowStart,
            order = s.Order;

        int item = _correlationsOffset + b * atoms * length + first;
        for (int n = 0; n < atoms; n++)
        {
            var source = _correlations.AsSpan(item + n * length, frames);
            for (int f = 0; f < frames; f++) c[f * atoms + n] = source[f];
        }
        c.CopyTo(residual);
        for (int f = 0; f < frames; f++)
        {
            _divisors.AsSpan(0, atoms).CopyTo(divisors.Slice(f * atoms, atoms));
            frameAtom[f] = BestAtom(residual.Slice(f * atoms, atoms), divisors.Slice(f * atoms, atoms),
                out frameBest[f]);
        }

        int picks = 0, used = 0;
        float firstBest = -1f;
        while (picks < budget)
        {
            int frame = -1;
            float best = 0f;
            for (int f = 0; f < frames; f++)
                if (frameBest[f] > best) (best, frame) = (frameBest[f], f);
            if (frame < 0) break;
            if (firstBest < 0f) firstBest = best;
            else if (best <= PursuitShapes.StopTolerance * firstBest) break;

            int atom = frameAtom[frame], at = frame * atoms;
            var frameResidual = residual.Slice(at, atoms);
            var frameDivisors = divisors.Slice(at, atoms);
            frameDivisors[atom] = float.PositiveInfinity; // held: its score is 0 from now on

            int k = 0;
            for (int p = 0; p < picks; p++)
                if (pickFrame[p] == frame) order[k++] = p;
            float diagonal = gram[atom * atoms + atom], pivot = diagonal;
            for (int j = 0; j < k; j++) // L w = g[chosen, atom]
            {
                var row = factor.Slice(rowStart[order[j]], j + 1);
                float sum = gram[pickAtom[order[j]] * atoms + atom];
                for (int i = 0; i < j; i++) sum -= row[i] * w[i];
                w[j] = sum / row[j];
                pivot -= w[j] * w[j];
            }
            if (pivot <= PursuitShapes.PivotTolerance * diagonal) // dependent on the frame's atoms:
                                                                  // skipped, no budget spent
            {
                frameAtom[frame] = BestAtom(frameResidual, frameDivisors, out frameBest[frame]);
                continue;
            }

            float root = MathF.Sqrt(pivot), y = c[at + atom];
            for (int j = 0; j < k; j++) y -= w[j] * solved[order[j]];
            w[..k].CopyTo(factor.Slice(used, k));
            factor[used + k] = root;
            (rowStart[picks], solved[picks], pickFrame[picks], pickAtom[picks]) = (used, y / root, frame, atom);
            used += k + 1;
            order[k++] = picks++;

            for (int j = k - 1; j >= 0; j--) // L^T gamma = y over the frame's atoms
            {
                float sum = solved[order[j]];
                for (int i = j + 1; i < k; i++) sum -= factor[rowStart[order[i]] + j] * gamma[order[i]];
                gamma[order[j]] = sum / factor[rowStart[order[j]] + j];
            }
            c.Slice(at, atoms).CopyTo(frameResidual); // c - sum_j gamma_j g[atom_j, :], products
                                                      // rounded, then subtracted in pick order
            for (int j = 0; j < k; j++)
                TensorPrimitives.MultiplyAdd(gram.Slice(pickAtom[order[j]] * atoms, atoms), -gamma[order[j]],
                    frameResidual, frameResidual);
            frameAtom[frame] = BestAtom(frameResidual, frameDivisors, out frameBest[frame]);
        }

        int output = _codeOffset + b * atoms * length + first;
        for (int n = 0; n < atoms; n++) _code.AsSpan(output + n * length, frames).Clear();
        for (int p = 0; p < picks; p++) _code[output + pickAtom[p] * length + pickFrame[p]] = gamma[p];
    }

    /// <summary>
    /// The atom with the largest |residual| / divisor, ties to the lower index, and that score; -1 and 0 when every
    /// score is 0 (or NaN). The division is IEEE in every lane, so the scores are the reference's bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BestAtom(ReadOnlySpan<float> residual, ReadOnlySpan<float> divisors, out float best)
    {
        int index = -1, n = 0;
        best = 0f;
        if (Vector256.IsHardwareAccelerated && residual.Length >= Vector256<float>.Count)
        {
            var bestScores = Vector256<float>.Zero;
            var bestIndices = Vector256.Create(-1);
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (; n <= residual.Length - Vector256<float>.Count; n += Vector256<float>.Count)
            {
                var score = Vector256.Abs(
                    Vector256.Create(residual.Slice(n, Vector256<float>.Count))) / Vector256.Create(
                        divisors.Slice(n, Vector256<float>.Count));
                var better = Vector256.GreaterThan(score, bestScores);
                bestScores = Vector256.ConditionalSelect(better, score, bestScores);
                bestIndices = Vector256.ConditionalSelect(better.AsInt32(), lanes, bestIndices);
                lanes += Vector256.Create(Vector256<float>.Count);
            }
            for (int lane = 0; lane < Vector256<float>.Count; lane++)
            {
                float score = bestScores[lane];
                int at = bestIndices[lane];
                if (at >= 0 && (score > best || (score == best && at < index))) (best, index) = (score, at);
            }
        }
        for (; n < residual.Length; n++)
        {
            float score = MathF.Abs(residual[n]) / divisors[n];
            if (score > best) (best, index) = (score, n);
        }
        return index;
    }

    /// <summary>One thread's working memory for a group, grown to the largest group it has seen.</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _forThisThread;

        public float[] Correlations = [], Residual = [], Divisors = [], FrameBest = [], Solved = [], Gamma = [],
            Row = [], Factor = [];
        public int[] FrameAtom = [], PickFrame = [], PickAtom = [], RowStart = [], Order = [];

        public static Scratch Grown(int size, int frames, int budget, int perFrame, long factorSize)
        {
            var s = _forThisThread ??= new Scratch();
            if (s.Correlations.Length < size)
                (s.Correlations, s.Residual, s.Divisors) = (new float[size], new float[size], new float[size]);
            if (s.FrameBest.Length < frames) (s.FrameBest, s.FrameAtom) = (new float[frames], new int[frames]);
            if (s.Solved.Length < budget)
                (s.Solved, s.Gamma, s.PickFrame, s.PickAtom, s.RowStart) = (new float[budget], new float[budget],
                    new int[budget], new int[budget], new int[budget]);
            if (s.Row.Length < perFrame) (s.Row, s.Order) = (new float[perFrame], new int[perFrame]);
            if (s.Factor.Length < factorSize) s.Factor = new float[checked((int)factorSize)];
            return s;
        }
    }
}
