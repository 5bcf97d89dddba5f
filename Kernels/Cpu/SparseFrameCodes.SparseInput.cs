using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    private readonly NonZeroBuckets _inputFrames = new();
    private readonly SparseInputWeightGradientJob _sparseInputWeightGradient = new();

    /// <summary>
    /// dw[n, c*K+j] = sum_(b,l) code[b,n,l] x[b,c,l*K+j] for every atom, added to dw when accumulating, where the input
    /// x[B, C, L*K] is mostly zeros as well (an onset roll): each of the code's non-zeros meets only the non-zeros of
    /// its frame of x, found by one sort of x by frame, with no im2row. Each sum adds its terms in frame order.
    /// </summary>
    public void WeightGradientOfSparseInput(int batch, int atoms, int length, int kernel, int frameWidth, float[] code,
        int codeOffset, float[] x, int xOffset, float[] dw, int dwOffset, bool accumulate)
    {
        var operands = new Operands(batch, atoms, length, frameWidth, code, codeOffset, dw, dwOffset, x, xOffset, 1);
        _atomTerms.SortInParallel(code, codeOffset, batch * atoms * length, atoms,
            new AtomOfCode(atoms, length, batch * length));
        _inputFrames.SortInParallel(x, xOffset, batch * length * frameWidth, batch * length,
            new FrameOfSignal(frameWidth / kernel, length, kernel));
        _sparseInputWeightGradient.Set(operands, _atomTerms, _inputFrames, accumulate);
        CoreWorkers.Run(_sparseInputWeightGradient, _sparseInputWeightGradient.Items);
        _sparseInputWeightGradient.Clear();
    }

    // gradient[col] += scale * value for frame's non-zeros (col, value), one fused multiply-add each
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledNonZeros(NonZeroBuckets frames, int frame, float scale, Span<float> gradient)
    {
        for (int i = frames.Starts[frame]; i < frames.Starts[frame + 1]; i++)
        {
            ref float value = ref gradient[frames.Payloads[i]];
            value = MathF.FusedMultiplyAdd(frames.Values[i], scale, value);
        }
    }

    /// <summary>
    /// WeightGradientOfSparseInput's work: a run of atoms per work item (about eight work items per worker), each
    /// atom's gradient owned by one thread, its terms (sorted by atom) meeting their frames' non-zeros of x.
    /// </summary>
    private sealed class SparseInputWeightGradientJob : ParallelJob
    {
        private Operands _operands;
        private NonZeroBuckets? _terms, _inputFrames;
        private bool _accumulate;
        private int _atomsPerRun;

        public int Items => (_operands.Atoms + _atomsPerRun - 1) / _atomsPerRun;

        public void Set(Operands operands, NonZeroBuckets terms, NonZeroBuckets inputFrames, bool accumulate)
        {
            (_operands, _terms, _inputFrames, _accumulate) = (operands, terms, inputFrames, accumulate);
            _atomsPerRun = Math.Max(1, operands.Atoms / (8 * CoreWorkers.Active));
        }

        // drops the references to the caller's arrays
        public void Clear() => (_operands, _terms, _inputFrames) = (default, null, null);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var o = _operands;
            var terms = _terms!;
            int first = index * _atomsPerRun, end = Math.Min(o.Atoms, first + _atomsPerRun);
            if (!_accumulate)
                o.Weights.AsSpan(o.WeightsOffset + first * o.FrameWidth, (end - first) * o.FrameWidth).Clear();
            for (int n = first; n < end; n++)
                for (int i = terms.Starts[n]; i < terms.Starts[n + 1]; i++)
                    AddScaledNonZeros(_inputFrames!, terms.Payloads[i], terms.Values[i], o.WeightRow(n));
        }
    }

    /// <summary>
    /// A signal's non-zeros by frame (<see cref="NonZeroBuckets"/>): x[B, C, L*K]'s flat index (b*C + c)*L*K + l*K + j
    /// goes to bucket b*L + l with its frame column c*K + j, so each frame's entries come in column order.
    /// </summary>
    private readonly struct FrameOfSignal : NonZeroBuckets.IKey
    {
        private readonly FastDivisor _bySteps, _byChannels, _byKernel;
        private readonly int _length, _kernel;

        public FrameOfSignal(int channels, int length, int kernel)
            => (_bySteps, _byChannels, _byKernel, _length, _kernel) = (new(length * kernel), new(channels), new(kernel),
                length, kernel);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Bucket, int Payload) Of(int index)
        {
            var (row, t) = _bySteps.DivRem(index);
            var (b, c) = _byChannels.DivRem(row);
            var (l, j) = _byKernel.DivRem(t);
            return (b * _length + l, c * _kernel + j);
        }
    }
}
