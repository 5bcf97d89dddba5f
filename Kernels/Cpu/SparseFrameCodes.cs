using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The products of non-overlapping frames whose code operand is mostly zeros (a winner-take-all code keeps k of N values
/// per column; an onset roll or a one-hot signal is mostly silence), run over its non-zeros alone. code[B, N, L] (the
/// conv's output gradient dy: the decoder's code, or the encoder's gradient after the winner mask), rows[B*L, F]
/// (im2row's layout, F = Cin*K) and w[N, F]:
///   decode:          rows[(b,l), :] (+)= sum_n code[b,n,l] w[n, :]         (the input gradient's dYrow * W)
///   weight gradient: dw[n, :] (+)= sum_(b,l) code[b,n,l] rows[(b,l), :]    (dYrowᵀ * Xrow)
///   correlation:     y[b,n,l] = code[b,n,l] &lt;rows[(b,l), :], w[n, :]&gt;    (the forward at a mask's non-zeros)
/// The decode also runs a forward convolution of a sparse input x[B, Cin, L*K], as rows[(b,l), :] = sum_(c,j)
/// x[b,c,l*K+j] wᵀ[c*K+j, :], and decodes many frames into their signal an item at a time; the weight gradient also
/// meets a sparse input's non-zeros alone, and the correlation gathers each item's frames itself. Long frames (K a
/// multiple of 16 dividing 128) decode and take the weight gradient in place in the signal, in registers, up to
/// <see cref="LongFramesMostNonZeros"/> (SparseFrameCodes.LongFrames.cs). Both sum in registers, a block of a frame
/// row's columns at a time (<see cref="RegisterKernels"/>).
/// Each sum of a decode or a weight gradient adds its non-zero terms in index order, one fused multiply-add per term
/// (a decode's from zero, then added to its output when accumulating; a weight gradient's onto dw when accumulating),
/// and a correlation's dot product is one thread's, so a result depends neither on the worker count nor on the split;
/// it differs from the dense GEMM's only by rounding (the GEMM adds the same terms in blocks). A zero's term is skipped
/// even where the GEMM would add 0 * infinity = NaN from a weight that is no longer finite (training stops on a
/// non-finite loss or parameter either way). An item of work scans its part of the code eight values at a time. Not
/// thread-safe: one instance owns its jobs.
/// </summary>
public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// The most non-zeros, as a fraction of the code, for which these beat the dense GEMM: each term is a pass over
    /// a row of F floats at cache speed, where the GEMM runs its blocked FMAs near the peak.
    /// </summary>
    public const double MostNonZeros = 1.0 / 16;

    /// <summary>
    /// The most non-zeros, as a fraction of x, for which the forward over a sparse input's non-zeros (<see
    /// cref="Decode"/> with a frame length K) beats the dense GEMM: each term is a pass over a row of the transposed
    /// weights, and the GEMM's packing and blocking are spent on every value. Measured on groove's, its beat frames'
    /// and piano-best's shapes (BENCHMARKS.md, session 65): the forward over the non-zeros was faster at 12.8 %
    /// (the Groove MIDI Dataset's share) on all of them, within 8 % either way at 16 %, slower at 20 %.
    /// </summary>
    public const double ForwardMostNonZeros = 1.0 / 7;

    private readonly DecodeJob _decode = new();
    private readonly NonZeroBuckets _atomTerms = new();
    private readonly CorrelateJob _correlate = new();

    /// <summary>
    /// rows[(b,l), :] = sum_n code[b,n,l] w[n, :] for every frame, added to rows when accumulating; with
    /// <paramref name="loss"/> (whose stretches are whole batch items of rows), each item's loss is finished as soon as
    /// its rows are. With <paramref name="kernel"/> K &gt; 1 the code is a signal of frames, code[B, N, L*K], and
    /// rows[(b,l), :] = sum_(n,j) code[b,n,l*K+j] w[n*K+j, :]: a forward convolution of a sparse input, w being the
    /// weights transposed, [N*K, F]. With <paramref name="winners"/> (single frames, L = 1, whose rows [B, F] are its
    /// z), each run of items' channel top-k is selected as soon as its rows are decoded, while they are in cache.
    /// </summary>
    public void Decode(int batch, int atoms, int length, int frameWidth, float[] code, int codeOffset, float[] w,
        int wOffset, float[] rows, int rowsOffset, bool accumulate, StretchedLoss? loss = null, int kernel = 1,
        TopKBuffers? winners = null)
    {
        if (winners is not null && length != 1)
            throw new ArgumentException("the decode selects winners of single frames (L = 1) only", nameof(winners));
        RequireFloats(w, wOffset, atoms * kernel * frameWidth);
        RequireFloats(rows, rowsOffset, batch * length * frameWidth);
        var operands = new Operands(batch, atoms, length, frameWidth, code, codeOffset, w, wOffset, rows, rowsOffset,
            kernel);
        if (loss is null && SplitsFrames(batch, length))
        {
            DecodeFrameRanges(operands, accumulate);
            return;
        }
        _decode.Set(operands, accumulate, loss, winners: winners);
        CoreWorkers.Run(_decode, _decode.Items);
        _decode.Clear();
    }

    /// <summary>
    /// The decoder's forward into its signal: x[B, C, L*K] = the adjoint of the conv of non-overlapping frames applied
    /// to code[B, N, L], w[N, C*K] (F = C*K), added to x when accumulating; with <paramref name="loss"/> (whose
    /// stretches are x's rows [C, L*K]), each item's loss is finished as soon as it is decoded. The rows of frames are
    /// an item at a time in a worker's cache, never the whole batch's in memory.
    /// </summary>
    public void DecodeIntoSignal(int batch, int atoms, int length, int kernel, int frameWidth, float[] code,
        int codeOffset, float[] w, int wOffset, float[] x, int xOffset, bool accumulate, StretchedLoss? loss)
    {
        RequireFloats(w, wOffset, atoms * frameWidth);
        RequireFloats(x, xOffset, batch * length * frameWidth);
        _decode.Set(new(batch, atoms, length, frameWidth, code, codeOffset, w, wOffset, x, xOffset, 1), accumulate,
            loss, signalKernel: kernel);
        CoreWorkers.Run(_decode, _decode.Items);
        _decode.Clear();
    }

    /// <summary>dw[n, :] = sum_(b,l) code[b,n,l] rows[(b,l), :] for every atom, added to dw when accumulating.</summary>
    public void WeightGradient(int batch, int atoms, int length, int frameWidth, float[] code, int codeOffset,
        float[] rows, int rowsOffset, float[] dw, int dwOffset, bool accumulate)
    {
        RequireFloats(rows, rowsOffset, batch * length * frameWidth);
        RequireFloats(dw, dwOffset, atoms * frameWidth);
        var operands = RowsAsSignal(new Operands(batch, atoms, length, frameWidth, code, codeOffset, dw, dwOffset, rows,
            rowsOffset, 1));
        RegisterWeightGradient(operands, FrameColumnBlocks.OfRows(frameWidth, length), accumulate);
    }

    /// <summary>
    /// Rows [B*L, F] as the register kernels read them: the signal of one channel whose frames are F long, item b's
    /// frame l at b*L*F + l*F (Kernel = F).
    /// </summary>
    private static Operands RowsAsSignal(in Operands o) => o with { Kernel = o.FrameWidth };

    /// <summary>
    /// The shapes and buffers of one call: code[B, N, L*K] (K = 1 but for a sparse input's forward), w or dw [N*K, F],
    /// rows[B*L, F]. The register kernels read Kernel as a frame's stride in the rows they read or write: K for a
    /// signal in place, F for im2row's rows (<see cref="RowsAsSignal"/>).
    /// </summary>
    private readonly record struct Operands(int Batch, int Atoms, int Length, int FrameWidth, float[] Code,
        int CodeOffset, float[] Weights, int WeightsOffset, float[] Rows, int RowsOffset, int Kernel)
    {
        /// <summary>Code values per atom and item: L*K.</summary>
        public int Steps => Length * Kernel;

        public Span<float> WeightRow(int atom) => Weights.AsSpan(WeightsOffset + atom * FrameWidth, FrameWidth);
    }

    /// <summary>
    /// Decode, a run of whole batch items per work item (about eight work items per worker): each item's non-zeros
    /// are sorted by frame into the worker's buckets, then summed in registers a block of columns at a time (<see
    /// cref="RegisterKernels"/>). Into a signal (a frame length K &gt; 0): each item's rows are decoded into the
    /// worker's scratch [L, F], which stays in its cache, then scattered into the item's signal [C, L*K] (written over,
    /// or added to when accumulating); the loss's stretches are then the signal's C rows of each item.
    /// </summary>
    private sealed class DecodeJob : ParallelJob
    {
        private Operands _operands;
        private FrameColumnBlocks _blocks;
        private RowPart[] _parts = [];
        private bool _accumulate;
        private StretchedLoss? _loss;
        private TopKBuffers? _winners;
        private int _itemsPerRun, _signalKernel;
        private readonly float[][] _frames = new float[CoreWorkers.Count][];   // each worker's [L, F]
        private readonly NonZeroBuckets[] _itemTerms = new NonZeroBuckets[CoreWorkers.Count];   // by frame

        public int Items => (_operands.Batch + _itemsPerRun - 1) / _itemsPerRun;

        public void Set(Operands operands, bool accumulate, StretchedLoss? loss, int signalKernel = 0,
            TopKBuffers? winners = null)
        {
            (_operands, _accumulate, _loss, _signalKernel, _winners) = (operands, accumulate, loss, signalKernel,
                winners);
            _blocks = FrameColumnBlocks.OfRows(operands.FrameWidth, operands.Length);
            RowPart.Fill(_blocks, ref _parts);
            _itemsPerRun = Math.Max(1, operands.Batch / (8 * CoreWorkers.Active));
            int frames = signalKernel > 0 ? operands.Length * operands.FrameWidth : 0;
            for (int i = 0; i < _frames.Length; i++)
            {
                if (_frames[i] is null || _frames[i].Length < frames) _frames[i] = new float[frames];
                _itemTerms[i] ??= new NonZeroBuckets();
            }
        }

        // drops the references to the caller's arrays
        public void Clear() => (_operands, _loss, _winners) = (default, null, null);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var o = _operands;
            int first = index * _itemsPerRun, end = Math.Min(o.Batch, first + _itemsPerRun);
            int codeSize = o.Atoms * o.Steps, itemRows = o.Length * o.FrameWidth;
            var terms = _itemTerms[worker];
            var rows = RowsAsSignal(o);
            var scratch = rows with { Rows = _frames[worker], RowsOffset = 0 };
            for (int b = first; b < end; b++)
            {
                SortByFrame(o, o.Code.AsSpan(o.CodeOffset + b * codeSize, codeSize), terms);
                if (_signalKernel == 0)
                {
                    for (int part = 0; part < _blocks.Parts; part++)
                        RegisterKernels.DecodePart(rows, terms, 0, b, _parts[part], _accumulate);
                    continue;
                }
                for (int part = 0; part < _blocks.Parts; part++)
                    RegisterKernels.DecodePart(scratch, terms, 0, 0, _parts[part], accumulate: false);
                ItemFrames.Scatter(_frames[worker].AsSpan(0, itemRows), o.FrameWidth / _signalKernel, o.Length,
                    _signalKernel, o.FrameWidth, o.Rows.AsSpan(o.RowsOffset + b * itemRows, itemRows), _accumulate);
            }
            int stretches = _signalKernel > 0 ? o.FrameWidth / _signalKernel : 1;
            _loss?.Finish(first * stretches, (end - first) * stretches);
            if (_winners is { } winners) WinnerSelection.TopKColumns(winners, first, end - first);
        }

        // one item's code [N, L] (or a sparse input [C, L*K]) into buckets by frame l, each with its weight row n (or
        // c*K + j); a single frame's weight row is the value's index
        private static void SortByFrame(in Operands o, ReadOnlySpan<float> code, NonZeroBuckets terms)
        {
            if (o.Length == 1) terms.Gather(code);
            else if (o.Kernel == 1) terms.Sort(code, o.Length, new FrameOfCode(o.Atoms, o.Length));
            else terms.Sort(code, o.Length, new FrameOfSignal(o.Atoms, o.Length, o.Kernel));
        }
    }

    /// <summary>
    /// A code's non-zeros by chunk of frames, then by atom (<see cref="NonZeroBuckets"/>): code[B, N, L]'s flat index
    /// (b*N + n)*L + l, frame f = b*L + l, goes to bucket (f / framesPerChunk)*N + n with its frame f, so each atom's
    /// entries in a chunk come in frame order.
    /// </summary>
    private readonly struct AtomOfCode : NonZeroBuckets.IKey
    {
        private readonly FastDivisor _byLength, _byAtoms, _byChunk;
        private readonly int _atoms, _length;

        public AtomOfCode(int atoms, int length, int framesPerChunk)
            => (_byLength, _byAtoms, _byChunk, _atoms, _length) = (new(length), new(atoms), new(framesPerChunk), atoms,
                length);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int Bucket, int Payload) Of(int index)
        {
            var (row, l) = _byLength.DivRem(index);
            var (b, n) = _byAtoms.DivRem(row);
            int frame = b * _length + l;
            return (_byChunk.Divide(frame) * _atoms + n, frame);
        }
    }
}
