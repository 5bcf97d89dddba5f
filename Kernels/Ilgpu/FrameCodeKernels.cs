using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The three products of a convolution over non-overlapping frames whose code side is a winner-take-all code (or a
/// gradient behind its mask), run over the code's non-zeros instead of as dense GEMMs: at MAESTRO's k = 100 of
/// N = 1000 that is a tenth of the multiply-adds. Signal x [B, C, L*K], code y [B, N, L], weights w [N, C, K]; a
/// frame (b, l) is the C*K signal values x[b, :, l*K .. l*K + K). Each group of <see cref="GroupCompaction.GroupSize"/>
/// threads compacts the non-zeros it needs into shared memory (<see cref="GroupCompaction"/>), then sums over them:
/// <list type="bullet">
/// <item>Decode (the conv's input gradient, the decoder's forward): a group per frame, x[b, :, frame l] (+)= the sum
/// of y[b, n, l] w[n] over the frame's non-zeros, four signal values a thread.</item>
/// <item>Weight gradient: a group per atom n, dw[n] (+)= the sum of y[b, n, l] times frame (b, l) over the atom's
/// non-zeros.</item>
/// <item>Masked correlation (the conv's forward behind a mask, the decoder's input gradient): a group per frame, slots
/// of 32 threads each take one atom the mask keeps and sum w[n] times the frame, the partial sums added by a fixed
/// tree; the rest of the frame's column is written zero.</item>
/// </list>
/// Where the frames are fewer than four groups a multiprocessor (one MAESTRO piece at T = 4096: 128 frames), a frame
/// is split over several groups, by its columns (decode) or its kept atoms (masked correlation); each compacts the
/// frame's code again, a pass over N values. Every sum runs in a fixed order, so results are the same run to run.
/// </summary>
internal sealed class FrameCodeKernels(Accelerator accelerator)
{
    private const int GroupSize = GroupCompaction.GroupSize;
    private const int Lanes = 32;
    private const int Slots = GroupSize / Lanes;
    private const int ColumnsPerThread = 4;
    private const int ColumnsPerPass = ColumnsPerThread * GroupSize;
    private const int GroupsPerMultiprocessor = 4;
    // the masked forward splits a frame at most once per this many of its N atoms (8 rounds of the 8 slots)
    private const int AtomsPerMaskedSlice = 8 * Slots;

    private readonly int _multiprocessors = accelerator.NumMultiprocessors;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, FrameCodeShape, int,
        int> _decode = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>,
            FrameCodeShape, int, int>(Decode);
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, FrameCodeShape, int>
        _weightGradient = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>,
            FrameCodeShape, int>(WeightGradient);
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        FrameCodeShape, int> _maskedCorrelate = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, FrameCodeShape, int>(MaskedCorrelate);

    /// <summary>dx[B, C, T] (+)= the adjoint of the frames conv applied to the code dy[B, N, L].</summary>
    public void Decode(in ConvGeometry g, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx, bool accumulate)
    {
        var shape = FrameCodeShape.Of(g);
        int frames = g.Batch * g.OutLength;
        int slices = SlicesPerFrame(frames, (shape.FrameWidth + ColumnsPerPass - 1) / ColumnsPerPass);
        _decode(Groups(frames * slices), dy, w, dx, shape, slices, accumulate ? 1 : 0);
    }

    /// <summary>dw[N, C, K] (+)= sum over frames (b, l) of dy[b, n, l] x[b, :, frame l].</summary>
    public void WeightGradient(in ConvGeometry g, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw,
        bool accumulate)
        => _weightGradient(Groups(g.OutChannels), x, dy, dw, FrameCodeShape.Of(g), accumulate ? 1 : 0);

    /// <summary>y[B, N, L] = conv(x, w) * mask, computed only where the mask is non-zero.</summary>
    public void MaskedCorrelate(in ConvGeometry g, ArrayView<float> x, ArrayView<float> w, ArrayView<float> mask,
        ArrayView<float> y)
    {
        int frames = g.Batch * g.OutLength;
        int slices = SlicesPerFrame(frames, (g.OutChannels + AtomsPerMaskedSlice - 1) / AtomsPerMaskedSlice);
        _maskedCorrelate(Groups(frames * slices), x, w, mask, y, FrameCodeShape.Of(g), slices);
    }

    // Groups a frame is split over: enough for four groups a multiprocessor where the frames alone are fewer (MAESTRO's
    // 128 frames a piece at T = 4096 on 132), at most mostUseful (a group's share must stay worth its compaction).
    private int SlicesPerFrame(int frames, int mostUseful)
    {
        int wanted = (GroupsPerMultiprocessor * _multiprocessors + frames - 1) / Math.Max(frames, 1);
        return Math.Clamp(wanted, 1, Math.Max(mostUseful, 1));
    }

    private static KernelConfig Groups(int count) => new(new Index1D(count), new Index1D(GroupSize));

    // Group = (frame (b, l), slice s of S): dx[b, c, l*K + j] (+)= sum over n with dy[b, n, l] != 0 of
    // dy[b, n, l] w[n, c, j], for the columns c*K + j of the slice's passes s, s + S, ...
    private static void Decode(ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx, FrameCodeShape shape,
        int slices, int accumulate)
    {
        var rows = SharedMemory.Allocate<int>(GroupCompaction.Capacity);
        var values = SharedMemory.Allocate<float>(GroupCompaction.Capacity);
        var scan = SharedMemory.Allocate<int>(GroupSize);
        int frame = Grid.IdxX / slices, slice = Grid.IdxX - frame * slices;
        int b = frame / shape.Frames, l = frame - b * shape.Frames;
        int frameStart = shape.FrameStart(b, l);
        int count = 0;
        bool add = accumulate != 0;
        for (int first = 0; first < shape.Atoms; first += GroupSize)
        {
            if (GroupCompaction.IsFull(count))
            {
                SumListed(w, dx, frameStart, readsSignal: false, shape, slice, slices, rows, values, count, add);
                (add, count) = (true, 0);
            }
            int n = first + Group.IdxX;
            float value = n < shape.Atoms ? dy[shape.CodeIndex(b, n, l)] : 0f;
            count = GroupCompaction.Append(value != 0f, n * shape.FrameWidth, value, rows, values, count, scan);
        }
        SumListed(w, dx, frameStart, readsSignal: false, shape, slice, slices, rows, values, count, add);
    }

    // Group = atom n: dw[n, c, j] (+)= sum over frames (b, l) with dy[b, n, l] != 0 of dy[b, n, l] x[b, c, l*K + j].
    private static void WeightGradient(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw,
        FrameCodeShape shape, int accumulate)
    {
        var frameStarts = SharedMemory.Allocate<int>(GroupCompaction.Capacity);
        var values = SharedMemory.Allocate<float>(GroupCompaction.Capacity);
        var scan = SharedMemory.Allocate<int>(GroupSize);
        int n = Grid.IdxX, frames = shape.Batch * shape.Frames, count = 0;
        bool add = accumulate != 0;
        for (int first = 0; first < frames; first += GroupSize)
        {
            if (GroupCompaction.IsFull(count))
            {
                SumListed(x, dw, n * shape.FrameWidth, readsSignal: true, shape, 0, 1, frameStarts, values, count,
                    add);
                (add, count) = (true, 0);
            }
            int frame = first + Group.IdxX;
            int b = frame / shape.Frames, l = frame - b * shape.Frames;
            float value = frame < frames ? dy[shape.CodeIndex(b, n, l)] : 0f;
            int frameStart = shape.FrameStart(b, l);
            count = GroupCompaction.Append(value != 0f, frameStart, value, frameStarts, values, count, scan);
        }
        SumListed(x, dw, n * shape.FrameWidth, readsSignal: true, shape, 0, 1, frameStarts, values, count, add);
    }

    // destination (+)= sum over the listed e of values[e] * source[starts[e] + (column f's place in source)], for the
    // columns f < C*K of passes slice, slice + slices, ... of 1,024 columns, four a thread. readsSignal: the source
    // is the signal (a column's place is c*T + j) and the destination a weight row at destinationStart + f; else the
    // reverse.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumListed(ArrayView<float> source, ArrayView<float> destination, int destinationStart,
        bool readsSignal, FrameCodeShape shape, int slice, int slices, ArrayView<int> starts, ArrayView<float> values,
        int count, bool add)
    {
        int width = shape.FrameWidth, last = width - 1;
        for (int f0 = slice * ColumnsPerPass + Group.IdxX; f0 < width; f0 += slices * ColumnsPerPass)
        {
            int f1 = Math.Min(f0 + GroupSize, last), f2 = Math.Min(f0 + 2 * GroupSize, last);
            int f3 = Math.Min(f0 + 3 * GroupSize, last);
            int s0 = shape.SignalColumn(f0), s1 = shape.SignalColumn(f1), s2 = shape.SignalColumn(f2);
            int s3 = shape.SignalColumn(f3);
            int r0 = readsSignal ? s0 : f0, r1 = readsSignal ? s1 : f1, r2 = readsSignal ? s2 : f2;
            int r3 = readsSignal ? s3 : f3;
            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (int e = 0; e < count; e++)
            {
                int start = starts[e];
                float value = values[e];
                a0 += value * source[start + r0];
                a1 += value * source[start + r1];
                a2 += value * source[start + r2];
                a3 += value * source[start + r3];
            }
            Store(destination, destinationStart + (readsSignal ? f0 : s0), a0, add);
            if (f0 + GroupSize < width) Store(destination, destinationStart + (readsSignal ? f1 : s1), a1, add);
            if (f0 + 2 * GroupSize < width) Store(destination, destinationStart + (readsSignal ? f2 : s2), a2, add);
            if (f0 + 3 * GroupSize < width) Store(destination, destinationStart + (readsSignal ? f3 : s3), a3, add);
        }
        Group.Barrier(); // every thread is done with the list before it is refilled
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ArrayView<float> destination, int index, float sum, bool add)
        => destination[index] = add ? destination[index] + sum : sum;

    // Group = (frame (b, l), slice s of S): y[b, n, l] = mask[b, n, l] * <w[n], x's frame (b, l)> for the listed
    // atoms s, s + S, ... of those the mask keeps; slice 0 writes 0 where the mask is zero.
    private static void MaskedCorrelate(ArrayView<float> x, ArrayView<float> w, ArrayView<float> mask,
        ArrayView<float> y, FrameCodeShape shape, int slices)
    {
        var atoms = SharedMemory.Allocate<int>(GroupCompaction.Capacity);
        var maskValues = SharedMemory.Allocate<float>(GroupCompaction.Capacity);
        var scan = SharedMemory.Allocate<int>(GroupSize);
        var partials = SharedMemory.Allocate<float>(GroupSize);
        int frame = Grid.IdxX / slices, slice = Grid.IdxX - frame * slices;
        int b = frame / shape.Frames, l = frame - b * shape.Frames;
        int count = 0;
        for (int first = 0; first < shape.Atoms; first += GroupSize)
        {
            if (GroupCompaction.IsFull(count))
            {
                CorrelateListed(x, w, y, shape, b, l, slice, slices, atoms, maskValues, count, partials);
                count = 0;
            }
            int n = first + Group.IdxX, index = shape.CodeIndex(b, n, l);
            float value = n < shape.Atoms ? mask[index] : 0f;
            if (slice == 0 && n < shape.Atoms && value == 0f) y[index] = 0f;
            count = GroupCompaction.Append(value != 0f, n, value, atoms, maskValues, count, scan);
        }
        CorrelateListed(x, w, y, shape, b, l, slice, slices, atoms, maskValues, count, partials);
    }

    // Slots of 32 lanes take the slice's listed atoms in rounds; a lane sums every 32nd value of w[n] times the frame,
    // walking (c, j) without dividing, and a fixed tree over partials [GroupSize] adds the 32 lanes' sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CorrelateListed(ArrayView<float> x, ArrayView<float> w, ArrayView<float> y,
        FrameCodeShape shape, int b, int l, int slice, int slices, ArrayView<int> atoms, ArrayView<float> maskValues,
        int count, ArrayView<float> partials)
    {
        int thread = Group.IdxX, lane = thread % Lanes, slot = thread / Lanes;
        int taps = shape.FrameLength, length = shape.SignalLength, width = shape.FrameWidth;
        int frameStart = shape.FrameStart(b, l);
        int channelStep = Lanes / taps, tapStep = Lanes % taps;
        for (int round = 0; round * Slots * slices + slice < count; round++)
        {
            int listed = (round * Slots + slot) * slices + slice, e = Math.Min(listed, count - 1), n = atoms[e];
            int row = n * width, channel = lane / taps, tap = lane % taps;
            float sum = 0f;
            for (int f = lane; f < width; f += Lanes)
            {
                sum += w[row + f] * x[frameStart + channel * length + tap];
                channel += channelStep;
                tap += tapStep;
                if (tap >= taps) (tap, channel) = (tap - taps, channel + 1);
            }
            partials[thread] = sum;
            Group.Barrier();
            for (int half = Lanes / 2; half > 0; half /= 2)
            {
                if (lane < half) partials[thread] += partials[thread + half];
                Group.Barrier();
            }
            if (lane == 0 && listed < count)
                y[shape.CodeIndex(b, n, l)] = partials[thread] * maskValues[e];
            Group.Barrier();
        }
    }
}

/// <summary>
/// Sizes of a product over non-overlapping frames: signal [Batch, Channels, Frames * FrameLength], code
/// [Batch, Atoms, Frames], weights [Atoms, Channels, FrameLength].
/// </summary>
internal readonly record struct FrameCodeShape(int Batch, int Atoms, int Channels, int Frames, int FrameLength)
{
    /// <summary>C*K: the values of one frame, and of one atom.</summary>
    public int FrameWidth => Channels * FrameLength;

    /// <summary>T = L*K.</summary>
    public int SignalLength => Frames * FrameLength;

    /// <summary>Where code value y[b, n, l] lies in [Batch, Atoms, Frames].</summary>
    public int CodeIndex(int b, int n, int l) => (b * Atoms + n) * Frames + l;

    /// <summary>Where frame (b, l) starts in the signal: x[b, 0, l*K].</summary>
    public int FrameStart(int b, int l) => b * Channels * SignalLength + l * FrameLength;

    /// <summary>Where frame column f = c*K + j lies in a frame of the signal: c*T + j.</summary>
    public int SignalColumn(int f)
    {
        int channel = f / FrameLength;
        return channel * SignalLength + f - channel * FrameLength;
    }

    /// <summary>The frames conv of <paramref name="g"/> (stride = kernel, no padding or dilation).</summary>
    public static FrameCodeShape Of(in ConvGeometry g)
        => new(g.Batch, g.OutChannels, g.InChannels, g.OutLength, g.KernelSize);
}
