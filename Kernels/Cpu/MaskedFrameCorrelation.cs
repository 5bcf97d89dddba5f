using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The forward of many long non-overlapping frames behind a winner mask, computed only where the mask keeps a value
/// (maestro-paper keeps 100 of its 1,000 atoms a column): y[b,n,l] = mask[b,n,l] * sum_(c,j) w[n, c*K+j] x[b,c,l*K+j]
/// there, 0 elsewhere; x[B, C, L*K], w[N, C*K], mask and y [B, N, L]. The dense forward computes every atom's dot
/// product; a dot product per kept value alone (<see cref="SparseFrameCodes.Correlate"/>) reads a weight row (49.7 kB
/// at maestro's C*K = 12,416) from memory for each frame that keeps it, on one core per batch item. Here a work item is
/// one batch item's range of atoms over a range of frames (<see cref="Split"/>), which meets the signal a slice at a
/// time: whole channels of each frame, 512 values, over a block of frames whose slices stay in a core's L2 while every
/// atom of the range meets them. Each atom's slice of w (fetched into L2 two atoms ahead) meets its kept frames of the
/// block four at a time in eight 512-bit sums (two a frame, taking the vectors in turn), whose reduction is added to y;
/// the mask's value multiplies the total. Each term loads a vector of the signal from L2, so this runs near one
/// multiply-add a cycle, not the GEMM's two. Each value adds its terms in a fixed order (slices in channel order,
/// within one the same two sums) whatever the worker count or the split, and differs from the GEMM's only by rounding;
/// a value the mask drops is 0 even where x holds a NaN. Needs AVX-512 and K a multiple of 16. Not thread-safe: one
/// instance owns its job.
/// </summary>
public sealed class MaskedFrameCorrelation
{
    /// <summary>
    /// The most non-zeros, as a fraction of the mask, for which this runs instead of the dense forward and product: at
    /// maestro's shape (one piece of 4,096 events, 1,000 atoms of 388 x 32) on one core it took 12-16 ms at one value
    /// in ten against the dense pair's 18-19 ms, and drew level at about one in seven.
    /// </summary>
    public const double MostNonZeros = 1.0 / 8;

    private const int VectorWidth = 16;
    private const int SliceFloats = 512;         // of a frame: 2 KiB, 16 channels at K = 32
    private const int BlockBytes = 256 << 10;    // a block of frames' slices, held in L2 while the atoms meet it
    private const int FewestFrames = 32;         // fewer, and an atom's slice meets too few frames to pay for its load
    private const int PrefetchDistance = 2;      // atoms ahead whose slice of w is fetched into L2

    private readonly CorrelationJob _job = new();

    /// <summary>Whether the geometry is one this runs: AVX-512, non-overlapping frames of a multiple of 16 taps, and
    /// at least 32 of them an item.</summary>
    public static bool Handles(in ConvGeometry g) => Vector512.IsHardwareAccelerated && g.IsNonOverlappingFrames
        && g.KernelSize % VectorWidth == 0 && g.OutLength >= FewestFrames;

    /// <summary>
    /// y = conv(x, w) * mask, overwritten, if <see cref="Handles"/> and the mask has at most
    /// <see cref="MostNonZeros"/> of its values non-zero; false, with y untouched, if not.
    /// </summary>
    public bool TryRun(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer mask, CpuBuffer y)
    {
        if (!Handles(g) || _job.CountKept(g, mask) > NonZeroShare.Limit(g.OutputSize, MostNonZeros)) return false;
        _job.Set(g, x, w, mask, y);
        CoreWorkers.Run(_job, _job.Items);
        _job.Clear();
        return true;
    }

    /// <summary>
    /// How a batch item's atoms and frames are split into about four items per worker: an item reads its frames of
    /// the signal and its atoms' weight rows, so the split that reads least has atom ranges to frame ranges as N to
    /// L (the weights' size to one item's signal's).
    /// </summary>
    public static (int AtomRanges, int FrameRanges) Split(int batch, int atoms, int length, int workers)
    {
        int perItem = Math.Max(1, (4 * workers + batch - 1) / batch);
        int atomRanges = (int)Math.Clamp(Math.Round(Math.Sqrt(perItem * (double)atoms / length)), 1, perItem);
        int frameRanges = Math.Clamp((perItem + atomRanges - 1) / atomRanges, 1, Math.Max(1, length / FewestFrames));
        return (Math.Min(atomRanges, atoms), frameRanges);
    }

    /// <summary>
    /// Item i = ((b * atom ranges) + a) * frame ranges + f: batch item b's atom range a over its frame range f. Lists
    /// the mask's non-zeros of each atom over the frames into the worker's scratch, clears those values of y, sums
    /// slice by slice and block by block, then multiplies by the mask. The atom ranges are of about equal work
    /// (<see cref="BalancedRanges"/>), an atom weighing one more than the frames it keeps: a winner-take-all code keeps
    /// some atoms far more often than others, and ranges of equal atom counts left one of maestro's 66 items at 16
    /// workers with 6 % of the op's work (933 us of 16.3 ms, replayed on one core).
    /// </summary>
    private sealed class CorrelationJob : ParallelJob
    {
        private ConvGeometry _g;
        private float[] _x = [], _w = [], _mask = [], _y = [];
        private int _xOffset, _wOffset, _maskOffset, _yOffset, _atomRanges, _frameRanges;
        private int[] _atomStarts = [], _atomWeights = [];   // [B, atom ranges + 1], [B, N]
        private readonly KeptFrames?[] _kept = new KeptFrames?[CoreWorkers.Count];
        private readonly RowCounting _counting = new();

        public int Items => _g.Batch * _atomRanges * _frameRanges;

        // the mask's non-zeros in all (the density check), each atom's (plus one) kept as its weight for the atom
        // ranges; on the workers in ranges of rows (a MAESTRO piece's mask of 128,000 values at T = 4,096 in seven)
        public long CountKept(in ConvGeometry g, CpuBuffer mask)
        {
            int rows = g.Batch * g.OutChannels;
            ScratchArrays.Grow(ref _atomWeights, rows);
            _counting.Set(mask, g.OutLength, _atomWeights, rows,
                NonZeroScan.Ranges(g.OutputSize, SparseFrameCodes.FewestValuesPerCountRange));
            CoreWorkers.Run(_counting, _counting.Ranges);
            _counting.Clear();
            return _counting.Kept;
        }

        // after CountKept on the same mask
        public void Set(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer mask, CpuBuffer y)
        {
            _g = g;
            (_x, _xOffset, _w, _wOffset) = (x.Storage, x.Offset, w.Storage, w.Offset);
            (_mask, _maskOffset, _y, _yOffset) = (mask.Storage, mask.Offset, y.Storage, y.Offset);
            (_atomRanges, _frameRanges) = Split(g.Batch, g.OutChannels, g.OutLength, CoreWorkers.Active);
            ScratchArrays.Grow(ref _atomStarts, g.Batch * (_atomRanges + 1));
            for (int b = 0; b < g.Batch; b++)
                BalancedRanges.Split(_atomWeights.AsSpan(b * g.OutChannels, g.OutChannels), _atomRanges,
                    _atomStarts.AsSpan(b * (_atomRanges + 1), _atomRanges + 1));
        }

        // drops the references to the caller's arrays
        public void Clear() => (_x, _w, _mask, _y) = ([], [], [], []);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var g = _g;
            int b = index / (_atomRanges * _frameRanges), rest = index - b * _atomRanges * _frameRanges;
            int atomRange = rest / _frameRanges, frameRange = rest - atomRange * _frameRanges;
            int firstAtom = _atomStarts[b * (_atomRanges + 1) + atomRange],
                atoms = _atomStarts[b * (_atomRanges + 1) + atomRange + 1] - firstAtom;
            if (atoms == 0) return;
            var (firstFrame, frames) = NonZeroScan.Range(g.OutLength, _frameRanges, frameRange);
            int length = g.OutLength, codeOffset = (b * g.OutChannels + firstAtom) * length + firstFrame;

            var kept = _kept[worker] ??= new KeptFrames();
            kept.Find(_mask, _maskOffset + codeOffset, atoms, length, firstFrame, frames);
            for (int a = 0; a < atoms; a++) _y.AsSpan(_yOffset + codeOffset + a * length, frames).Clear();

            int kernel = g.KernelSize, channelsPerSlice = Math.Max(1, SliceFloats / kernel);
            int framesPerBlock = Math.Max(4, BlockBytes / (channelsPerSlice * kernel * sizeof(float)));
            int signalLength = g.InLength, rowLength = g.InChannels * kernel;
            for (int channel = 0; channel < g.InChannels; channel += channelsPerSlice)
            {
                int channels = Math.Min(channelsPerSlice, g.InChannels - channel);
                var slice = kept.SliceOffsets(channels, kernel, signalLength);
                kept.Rewind();
                ref float signal = ref _x[_xOffset + (b * g.InChannels + channel) * signalLength];
                for (int start = firstFrame; start < firstFrame + frames; start += framesPerBlock)
                {
                    int end = Math.Min(firstFrame + frames, start + framesPerBlock);
                    for (int a = 0; a < atoms; a++)
                    {
                        // the slice two atoms on is on its way from memory while this one's sums run
                        if (a + PrefetchDistance < atoms && kept.Keeps(a + PrefetchDistance))
                            PrefetchToL2(ref _w[_wOffset + (firstAtom + a + PrefetchDistance) * rowLength
                                + channel * kernel], slice.Length);
                        var (first, last) = kept.Advance(a, end);
                        ref float weights = ref _w[_wOffset + (firstAtom + a) * rowLength + channel * kernel];
                        ref float yRow = ref _y[_yOffset + (b * g.OutChannels + firstAtom + a) * length];
                        for (int i = first; i < last; i += 4)
                            SumFour(ref weights, ref signal, slice, kept.Frames, i, last, kernel, ref yRow);
                    }
                }
            }
            kept.ApplyMask(_y, _yOffset + (b * g.OutChannels + firstAtom) * length, length);
        }

        // starts loading vectors 0 .. count-1 from start into L2, a line (one vector) each
        private static unsafe void PrefetchToL2(ref float start, int count)
        {
            if (!Sse.IsSupported) return;
            for (int v = 0; v < count; v++)
                Sse.Prefetch1(Unsafe.AsPointer(ref Unsafe.Add(ref start, v * VectorWidth)));
        }

        // yRow[l] += <w's slice, frame l's slice> for the kept frames l = frames[i .. min(i + 4, last)), a slot past
        // last repeating the last frame (its sum is dropped); vector v of a frame's slice is signal[offsets[v] + l*K]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SumFour(ref float weights, ref float signal, ReadOnlySpan<int> offsets, int[] frames, int i,
            int last, int kernel, ref float yRow)
        {
            int l0 = frames[i], l1 = frames[Math.Min(i + 1, last - 1)];
            int l2 = frames[Math.Min(i + 2, last - 1)], l3 = frames[Math.Min(i + 3, last - 1)];
            ref float f0 = ref Unsafe.Add(ref signal, l0 * kernel);
            ref float f1 = ref Unsafe.Add(ref signal, l1 * kernel);
            ref float f2 = ref Unsafe.Add(ref signal, l2 * kernel);
            ref float f3 = ref Unsafe.Add(ref signal, l3 * kernel);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
            int v = 0;
            for (; v + 1 < offsets.Length; v += 2)
            {
                var w0 = Vector512.LoadUnsafe(ref weights, (nuint)(v * VectorWidth));
                var w1 = Vector512.LoadUnsafe(ref weights, (nuint)((v + 1) * VectorWidth));
                nuint o0 = (nuint)offsets[v], o1 = (nuint)offsets[v + 1];
                a0 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f0, o0), a0);
                b0 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref f0, o1), b0);
                a1 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f1, o0), a1);
                b1 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref f1, o1), b1);
                a2 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f2, o0), a2);
                b2 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref f2, o1), b2);
                a3 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f3, o0), a3);
                b3 = Vector512.FusedMultiplyAdd(w1, Vector512.LoadUnsafe(ref f3, o1), b3);
            }
            if (v < offsets.Length)
            {
                var w0 = Vector512.LoadUnsafe(ref weights, (nuint)(v * VectorWidth));
                nuint o0 = (nuint)offsets[v];
                a0 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f0, o0), a0);
                a1 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f1, o0), a1);
                a2 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f2, o0), a2);
                a3 = Vector512.FusedMultiplyAdd(w0, Vector512.LoadUnsafe(ref f3, o0), a3);
            }
            int count = last - i;
            Unsafe.Add(ref yRow, l0) += Vector512.Sum(a0 + b0);
            if (count > 1) Unsafe.Add(ref yRow, l1) += Vector512.Sum(a1 + b1);
            if (count > 2) Unsafe.Add(ref yRow, l2) += Vector512.Sum(a2 + b2);
            if (count > 3) Unsafe.Add(ref yRow, l3) += Vector512.Sum(a3 + b3);
        }
    }

    /// <summary>
    /// weights[row] = 1 + the non-zeros of mask row `row` (`length` values each), item r counting range r of the rows;
    /// <see cref="Kept"/> the non-zeros of all.
    /// </summary>
    private sealed class RowCounting : ParallelJob
    {
        private float[] _mask = [];
        private int[] _weights = [];
        private int _maskOffset, _length, _rows;
        private long _kept;

        public int Ranges { get; private set; }
        public long Kept => _kept;

        public void Set(CpuBuffer mask, int length, int[] weights, int rows, int ranges)
            => (_mask, _maskOffset, _length, _weights, _rows, Ranges, _kept)
                = (mask.Storage, mask.Offset, length, weights, rows, Math.Min(ranges, rows), 0);

        // drops the reference to the caller's mask
        public void Clear() => _mask = [];

        public override void Run(int index, int worker)
        {
            var (first, count) = NonZeroScan.Range(_rows, Ranges, index);
            long kept = 0;
            for (int row = first; row < first + count; row++)
            {
                int found = (int)NonZeroScan.Count(_mask.AsSpan(_maskOffset + row * _length, _length));
                _weights[row] = 1 + found;
                kept += found;
            }
            Interlocked.Add(ref _kept, kept);
        }
    }

    /// <summary>
    /// One worker's lists of an atom range's kept frames, atom a's entries Starts[a] .. Starts[a+1]-1 of Frames and
    /// Values in frame order, with a cursor per atom for the block walk, and the current slice's vector offsets.
    /// </summary>
    private sealed class KeptFrames
    {
        public int[] Frames = [];
        private float[] _values = [];
        private int[] _starts = [], _cursors = [], _sliceOffsets = [];
        private int _atoms;

        // the non-zeros of mask rows a = 0 .. atoms-1, each `length` apart from maskOffset, over `frames` values,
        // numbered from firstFrame
        public void Find(float[] mask, int maskOffset, int atoms, int length, int firstFrame, int frames)
        {
            _atoms = atoms;
            ScratchArrays.Grow(ref _starts, atoms + 1);
            ScratchArrays.Grow(ref _cursors, atoms);
            ScratchArrays.Grow(ref Frames, atoms * frames);
            ScratchArrays.Grow(ref _values, atoms * frames);
            int count = 0;
            for (int a = 0; a < atoms; a++)
            {
                _starts[a] = count;
                count += NonZeroScan.Compact(mask.AsSpan(maskOffset + a * length, frames), firstFrame,
                    Frames.AsSpan(count, frames), _values.AsSpan(count, frames));
            }
            _starts[atoms] = count;
        }

        // signal offsets of a slice's vectors from its first channel's row at frame 0: channel c, taps j .. j+15
        public ReadOnlySpan<int> SliceOffsets(int channels, int kernel, int signalLength)
        {
            int vectors = channels * kernel / VectorWidth, perChannel = kernel / VectorWidth;
            ScratchArrays.Grow(ref _sliceOffsets, vectors);
            for (int v = 0; v < vectors; v++)
                _sliceOffsets[v] = v / perChannel * signalLength + v % perChannel * VectorWidth;
            return _sliceOffsets.AsSpan(0, vectors);
        }

        // whether atom a keeps any frame of the range
        public bool Keeps(int a) => _starts[a + 1] > _starts[a];

        public void Rewind() => _starts.AsSpan(0, _atoms).CopyTo(_cursors);

        // atom a's entries from its cursor up to the first frame at or past end; the cursor moves past them
        public (int First, int Last) Advance(int a, int end)
        {
            int first = _cursors[a], last = first, stop = _starts[a + 1];
            while (last < stop && Frames[last] < end) last++;
            _cursors[a] = last;
            return (first, last);
        }

        // y[rowsOffset + a*length + l] *= the mask's value there, for every kept (a, l)
        public void ApplyMask(float[] y, int rowsOffset, int length)
        {
            for (int a = 0; a < _atoms; a++)
                for (int i = _starts[a]; i < _starts[a + 1]; i++)
                    y[rowsOffset + a * length + Frames[i]] *= _values[i];
        }
    }
}
