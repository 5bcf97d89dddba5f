using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// The most non-zeros, as a fraction of the code, for which the products of long frames beat the dense GEMM
    /// (maestro's decoder, 1000 atoms of 388 x 32, a first version on 2 Zen 5 cores: at 10 % the decode 4.4 ms and the
    /// weight gradient 4.8 ms against the GEMM's 9.3 and 7.4 ms; at 12.5 % 5.7 and 6.2 against 9.6 and 8.0; at 20 %
    /// 8.0 and 9.1 against 9.6 and 7.7).
    /// </summary>
    public const double LongFramesMostNonZeros = 1.0 / 8;

    private readonly NonZeroBuckets _frameTerms = new();
    private readonly LongFrameDecodeJob _longDecode = new();

    /// <summary>
    /// Whether the products of long frames run here: many frames (L &gt; 1) of K values, K a multiple of 16 that
    /// divides 128, so that each 512-bit vector of a frame row lies in one channel of the signal, read and written in
    /// place; and 512-bit vectors in hardware.
    /// </summary>
    public static bool HandlesLongFrames(int kernel, int length)
        => Vector512.IsHardwareAccelerated && length > 1 && kernel % FrameColumnBlocks.VectorWidth == 0
            && FrameColumnBlocks.MostVectors * FrameColumnBlocks.VectorWidth % kernel == 0;

    /// <summary>
    /// The decoder's forward of long frames (<see cref="HandlesLongFrames"/>) into its signal: x[B, C, L*K] = the
    /// adjoint of the conv of non-overlapping frames applied to code[B, N, L], w[N, C*K], added to x when accumulating;
    /// with <paramref name="loss"/> (whose stretches are x's rows [L*K]), each block's rows finished once decoded. A
    /// work item is one batch item's block of columns (<see cref="FrameColumnBlocks"/>): frame by frame, the frame's
    /// non-zeros (sorted by frame once) are summed in registers, in atom order, and stored into the signal. The same
    /// floats as <see cref="DecodeIntoSignal"/>.
    /// </summary>
    public void DecodeLongFrames(int batch, int atoms, int length, int kernel, int channels, float[] code,
        int codeOffset, float[] w, int wOffset, float[] x, int xOffset, bool accumulate, StretchedLoss? loss)
    {
        var operands = new Operands(batch, atoms, length, channels * kernel, code, codeOffset, w, wOffset, x, xOffset,
            kernel);
        RequireFloats(w, wOffset, atoms * operands.FrameWidth);
        RequireFloats(x, xOffset, batch * length * operands.FrameWidth);
        _frameTerms.SortInParallel(code, codeOffset, batch * atoms * length, batch * length,
            new FrameOfCode(atoms, length));
        _longDecode.Set(operands, new FrameColumnBlocks(channels, kernel, length), _frameTerms, accumulate, loss);
        CoreWorkers.Run(_longDecode, _longDecode.Items);
        _longDecode.Clear();
    }

    /// <summary>
    /// dw[n, c*K+j] = sum_(b,l) code[b,n,l] x[b,c,l*K+j] for long frames (<see cref="HandlesLongFrames"/>), added to dw
    /// when accumulating, reading the frames in the signal x[B, C, L*K] itself (no im2row), a block of columns (<see
    /// cref="FrameColumnBlocks"/>) at a time: each atom's non-zeros (sorted by atom once, in frame order) are summed in
    /// registers. The same floats as <see cref="WeightGradient"/> over im2row's rows.
    /// </summary>
    public void WeightGradientOfLongFrames(int batch, int atoms, int length, int kernel, int channels, float[] code,
        int codeOffset, float[] x, int xOffset, float[] dw, int dwOffset, bool accumulate)
    {
        var operands = new Operands(batch, atoms, length, channels * kernel, code, codeOffset, dw, dwOffset, x,
            xOffset, kernel);
        RequireFloats(x, xOffset, batch * length * operands.FrameWidth);
        RequireFloats(dw, dwOffset, atoms * operands.FrameWidth);
        RegisterWeightGradient(operands, new FrameColumnBlocks(channels, kernel, length), accumulate);
    }

    // the register kernels read and write without bounds checks: each array must hold its operand whole
    private static void RequireFloats(float[] array, int offset, int count)
    {
        if (offset < 0 || array.Length - offset < count)
            throw new ArgumentException($"an operand of {count} floats from {offset} does not fit an array of {
                array.Length}");
    }

    /// <summary>
    /// A code's non-zeros by frame (<see cref="NonZeroBuckets"/>): code[B, N, L]'s flat index (b*N + n)*L + l goes to
    /// bucket b*L + l with its atom n, so each frame's entries come in atom order.
    /// </summary>
    private readonly struct FrameOfCode : NonZeroBuckets.IKey
    {
        private readonly FastDivisor _byLength, _byAtoms;
        private readonly int _length;

        public FrameOfCode(int atoms, int length) => (_byLength, _byAtoms, _length) = (new(length), new(atoms), length);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Bucket, int Payload) Of(int index)
        {
            var (row, l) = _byLength.DivRem(index);
            var (b, n) = _byAtoms.DivRem(row);
            return (b * _length + l, n);
        }
    }

    /// <summary>
    /// DecodeLongFrames' work: item (b*blocks + i)*ranges + r decodes block i of batch item b over its frame range r.
    /// Where the blocks are fewer than about four a worker and there is no loss to finish by whole rows (the
    /// encoder's input gradient: 16 blocks of 64 channels x 32 taps, one MAESTRO piece, at 16 workers), each block's
    /// frames are split into ranges of at least <see cref="FewestFramesPerRange"/>; elsewhere one range holds all.
    /// Frames are summed apart, so the floats do not depend on the split. Operands: rows = the signal x, weights = w,
    /// kernel = K.
    /// </summary>
    private sealed class LongFrameDecodeJob : ParallelJob
    {
        private const int FewestFramesPerRange = 16;

        private Operands _operands;
        private FrameColumnBlocks _blocks;
        private RowPart[] _parts = [];
        private NonZeroBuckets? _terms;
        private bool _accumulate;
        private StretchedLoss? _loss;
        private int _frameRanges, _framesPerRange;

        public int Items => _operands.Batch * _blocks.Count * _frameRanges;

        public void Set(Operands operands, FrameColumnBlocks blocks, NonZeroBuckets terms, bool accumulate,
            StretchedLoss? loss)
        {
            (_operands, _blocks, _terms, _accumulate, _loss) = (operands, blocks, terms, accumulate, loss);
            RowPart.Fill(blocks, ref _parts);
            int parts = operands.Batch * blocks.Count, wanted = 4 * CoreWorkers.Active;
            _frameRanges = loss is null && parts < wanted
                ? Math.Clamp((wanted + parts - 1) / parts, 1, Math.Max(1, operands.Length / FewestFramesPerRange))
                : 1;
            _framesPerRange = (operands.Length + _frameRanges - 1) / _frameRanges;
        }

        // drops the references to the caller's arrays
        public void Clear() => (_operands, _terms, _loss) = (default, null, null);

        public override void Run(int index, int worker)
        {
            int range = index % _frameRanges, part = index / _frameRanges;
            int b = part / _blocks.Count, block = part % _blocks.Count, first = range * _framesPerRange;
            var frames = new Frames(first, Math.Min(_operands.Length, first + _framesPerRange));
            RegisterKernels.DecodePart(_operands, _terms!, b * _operands.Length, b, _parts[block], _accumulate,
                frames);
            var (channel, channels) = _blocks.Channels(block);
            _loss?.Finish(b * (_operands.FrameWidth / _operands.Kernel) + channel, channels);
        }
    }
}
