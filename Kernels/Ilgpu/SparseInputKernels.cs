using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The forward and weight gradient of a convolution whose input is mostly zeros (MAESTRO's one-hot events into the
/// TCN's first layer and its 1x1 residual: one value in 388), run over x's non-zeros instead of as dense GEMMs that
/// spend Cin multiply-adds per step where one input is non-zero. x [B, Cin, Tin], w [Cout, Cin, K], y [B, Cout, Tout],
/// y[b, o, t] = sum over j, then over the non-zero channels c of input step τ = t*s + j*d - pad, of w[o, c, j] x[b, c,
/// τ]. Every sum runs in a fixed order, so results are the same run to run:
/// <list type="bullet">
/// <item>Forward: a group per (b, tile of output steps whose inputs span at most 32 steps). Lane l of each warp-sized
/// slice reads input step first + l, one slice per eighth of the channels (adjacent lanes, adjacent addresses); a scan
/// of the 256 counts places each step's non-zeros, in channel order, in shared memory; then a thread per output
/// (o, t) sums over them. Where they overflow the list (an input the hint was wrong about), the same sums read x.
/// </item>
/// <item>Weight gradient: a group per (input channel c, range of the flattened (b, τ)), compacting the range's
/// non-zeros of channel c (<see cref="GroupCompaction"/>); a thread per (o, j) writes its partial sum
/// dw[o, c, j] over them, and a second kernel adds the ranges' partials in range order.</item>
/// </list>
/// </summary>
internal sealed class SparseInputKernels : IDisposable
{
    private const int GroupSize = GroupCompaction.GroupSize;
    /// <summary>Lanes of a channel slice: the input steps a forward tile spans, one per lane.</summary>
    internal const int Lanes = 32;
    private const int ChannelSlices = GroupSize / Lanes;
    // the weight gradient's ranges: at most this many per channel, each at least two rounds of the group
    private const int MostRanges = 64;
    private const int FewestRangeValues = 2 * GroupSize;

    private readonly GrowOnlyBuffer<float> _partials;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>,
        SparseInputShape> _forward;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, SparseInputShape, int>
        _weightGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> _addRanges;

    public SparseInputKernels(Accelerator accelerator)
    {
        _partials = new GrowOnlyBuffer<float>(accelerator);
        _forward = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int,
            ArrayView<float>, SparseInputShape>(Forward);
        _weightGradient = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>,
            SparseInputShape, int>(WeightGradient);
        _addRanges = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int,
            int>(AddRanges);
    }

    /// <summary>Whether the forward runs here: a kernel's taps span at most 32 input steps.</summary>
    public static bool Handles(in ConvGeometry g) => (g.KernelSize - 1) * g.Dilation + 1 <= Lanes;

    /// <summary>y[B, Cout, Tout] = conv(x, w) (+ bias[Cout]) over x's non-zeros.</summary>
    public void Forward(in ConvGeometry g, ArrayView<float> x, ArrayView<float> w, ArrayView<float>? bias,
        ArrayView<float> y)
    {
        var shape = SparseInputShape.Of(g);
        _forward(Groups(g.Batch * shape.Tiles), x, w, bias ?? w, bias is null ? 0 : 1, y, shape);
    }

    /// <summary>
    /// dw[Cout, Cin, K] (+)= sum over (b, t) of dy[b, :, t] x[b, c, t*s + j*d - pad], over x's non-zeros.
    /// </summary>
    public void WeightGradient(in ConvGeometry g, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw,
        bool accumulate)
    {
        var shape = SparseInputShape.Of(g);
        long values = (long)g.Batch * g.InLength;
        long perRange = Math.Max(FewestRangeValues, (values + MostRanges - 1) / MostRanges);
        int rangeValues = (int)((perRange + GroupSize - 1) / GroupSize * GroupSize);
        int ranges = (int)((values + rangeValues - 1) / rangeValues);
        var partials = _partials.View(checked(ranges * g.WeightSize));
        _weightGradient(Groups(ranges * g.InChannels), x, dy, partials, shape, rangeValues);
        _addRanges(g.WeightSize, partials, dw, ranges, g.WeightSize, accumulate ? 1 : 0);
    }

    public void Dispose() => _partials.Dispose();

    private static KernelConfig Groups(int count) => new(new Index1D(count), new Index1D(GroupSize));

    // Group = (b, tile): y[b, o, t] for the tile's output steps t0 .. t0 + steps - 1, whose inputs are the steps
    // first .. first + span - 1. Thread (slice, lane) counts, then lists, input step first + lane's non-zeros in
    // channels [slice*C/8, (slice+1)*C/8); scan entry lane*8 + slice ends where they go, so the list is in (step,
    // channel) order.
    private static void Forward(ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, int hasBias,
        ArrayView<float> y, SparseInputShape shape)
    {
        var channels = SharedMemory.Allocate<int>(GroupCompaction.Capacity);
        var values = SharedMemory.Allocate<float>(GroupCompaction.Capacity);
        var scan = SharedMemory.Allocate<int>(GroupSize);
        int b = Grid.IdxX / shape.Tiles, tile = Grid.IdxX - b * shape.Tiles;
        int t0 = tile * shape.TileSteps, steps = Math.Min(shape.TileSteps, shape.OutLength - t0);
        int first = t0 * shape.Stride - shape.PadLeft, span = (steps - 1) * shape.Stride + shape.Reach;
        int lane = Group.IdxX % Lanes, slice = Group.IdxX / Lanes, place = lane * ChannelSlices + slice;
        int step = first + lane, inputs = shape.InChannels, length = shape.InLength;
        int c0 = slice * inputs / ChannelSlices, c1 = (slice + 1) * inputs / ChannelSlices;
        bool reads = lane < span && step >= 0 && step < length;
        int stepStart = b * inputs * length + step, count = 0;
        if (reads)
            for (int c = c0; c < c1; c++)
                if (x[stepStart + c * length] != 0f) count++;
        scan[place] = count;
        Group.Barrier();
        GroupCompaction.InclusiveScan(scan);
        bool listed = scan[GroupSize - 1] <= GroupCompaction.Capacity;
        if (listed && count > 0)
        {
            int at = scan[place] - count;
            for (int c = c0; c < c1; c++)
            {
                float value = x[stepStart + c * length];
                if (value == 0f) continue;
                channels[at] = c;
                values[at] = value;
                at++;
            }
        }
        Group.Barrier();
        for (int output = Group.IdxX; output < shape.OutChannels * steps; output += GroupSize)
        {
            int o = output / steps, t = output - o * steps;
            float sum = listed ? SumListed(w, shape, o, t, channels, values, scan)
                : SumRead(x, w, shape, b, o, first, t);
            y[(b * shape.OutChannels + o) * shape.OutLength + t0 + t] = hasBias != 0 ? sum + bias[o] : sum;
        }
    }

    // sum over j, then over the listed non-zeros of the tile's input step t*s + j*d, of w[o, c, j] x
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumListed(ArrayView<float> w, SparseInputShape shape, int o, int t, ArrayView<int> channels,
        ArrayView<float> values, ArrayView<int> scan)
    {
        float sum = 0f;
        int taps = shape.KernelSize, row = o * shape.InChannels;
        for (int j = 0; j < taps; j++)
        {
            int local = t * shape.Stride + j * shape.Dilation;
            int start = local == 0 ? 0 : scan[local * ChannelSlices - 1];
            int end = scan[(local + 1) * ChannelSlices - 1];
            for (int e = start; e < end; e++)
                sum += w[(row + channels[e]) * taps + j] * values[e];
        }
        return sum;
    }

    // SumListed's sum in the same order, reading x: for an input with more non-zeros than a list holds
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumRead(ArrayView<float> x, ArrayView<float> w, SparseInputShape shape, int b, int o,
        int first, int t)
    {
        float sum = 0f;
        int taps = shape.KernelSize, row = o * shape.InChannels, length = shape.InLength;
        for (int j = 0; j < taps; j++)
        {
            int step = first + t * shape.Stride + j * shape.Dilation;
            if (step < 0 || step >= length) continue;
            int stepStart = b * shape.InChannels * length + step;
            for (int c = 0; c < shape.InChannels; c++)
            {
                float value = x[stepStart + c * length];
                if (value != 0f) sum += w[(row + c) * taps + j] * value;
            }
        }
        return sum;
    }

    // Group = (range r, channel c) of R ranges of rangeValues of the flattened f = b*Tin + τ: partials[r, o, c, j] =
    // the sum over the range's non-zeros x[b, c, τ] of x dy[b, o, t] where t*s = τ + pad - j*d, in f order.
    private static void WeightGradient(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> partials,
        SparseInputShape shape, int rangeValues)
    {
        var places = SharedMemory.Allocate<int>(GroupCompaction.Capacity);
        var values = SharedMemory.Allocate<float>(GroupCompaction.Capacity);
        var scan = SharedMemory.Allocate<int>(GroupSize);
        int c = Grid.IdxX % shape.InChannels, range = Grid.IdxX / shape.InChannels;
        int length = shape.InLength, total = shape.Batch * length;
        int start = range * rangeValues, end = Math.Min(start + rangeValues, total), count = 0;
        int partialStart = range * shape.WeightSize;
        bool add = false;
        for (int f0 = start; f0 < end; f0 += GroupSize)
        {
            if (GroupCompaction.IsFull(count))
            {
                SumListed(dy, partials, partialStart, shape, c, places, values, count, add);
                (add, count) = (true, 0);
            }
            int f = f0 + Group.IdxX, b = f / length, step = f - b * length;
            float value = f < end ? x[(b * shape.InChannels + c) * length + step] : 0f;
            count = GroupCompaction.Append(value != 0f, f, value, places, values, count, scan);
        }
        SumListed(dy, partials, partialStart, shape, c, places, values, count, add);
    }

    // partials[start + (o*C + c)*K + j] (+)= the sum over the listed (f, x) of x dy[b, o, t], a thread per (o, j)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumListed(ArrayView<float> dy, ArrayView<float> partials, int partialStart,
        SparseInputShape shape, int c, ArrayView<int> places, ArrayView<float> values, int count, bool add)
    {
        int taps = shape.KernelSize, length = shape.InLength, outLength = shape.OutLength;
        for (int pair = Group.IdxX; pair < shape.OutChannels * taps; pair += GroupSize)
        {
            int o = pair / taps, j = pair - o * taps, shift = shape.PadLeft - j * shape.Dilation;
            float sum = 0f;
            for (int e = 0; e < count; e++)
            {
                int f = places[e], b = f / length, reach = f - b * length + shift;
                if (reach < 0) continue;
                int t = reach / shape.Stride;
                if (t * shape.Stride == reach && t < outLength)
                    sum += values[e] * dy[(b * shape.OutChannels + o) * outLength + t];
            }
            int index = partialStart + (o * shape.InChannels + c) * taps + j;
            partials[index] = add ? partials[index] + sum : sum;
        }
        Group.Barrier(); // every thread is done with the list before it is refilled
    }

    // dw[i] (+)= sum over r of partials[r * weights + i], in range order
    private static void AddRanges(Index1D i, ArrayView<float> partials, ArrayView<float> dw, int ranges, int weights,
        int accumulate)
    {
        float sum = 0f;
        for (int r = 0; r < ranges; r++) sum += partials[r * weights + i];
        dw[i] = accumulate != 0 ? dw[i] + sum : sum;
    }
}

/// <summary>
/// Sizes of a convolution over a sparse input, and the forward's tiles: <see cref="TileSteps"/> output steps whose
/// inputs span at most <see cref="SparseInputKernels.Lanes"/> steps.
/// </summary>
internal readonly record struct SparseInputShape(int Batch, int InChannels, int OutChannels, int InLength,
    int OutLength, int KernelSize, int Stride, int Dilation, int PadLeft)
{
    /// <summary>(K-1)*d + 1: the input steps one output step reads.</summary>
    public int Reach => (KernelSize - 1) * Dilation + 1;

    /// <summary>Output steps a forward group computes.</summary>
    public int TileSteps => (SparseInputKernels.Lanes - Reach) / Stride + 1;

    /// <summary>Forward groups a batch item takes.</summary>
    public int Tiles => (OutLength + TileSteps - 1) / TileSteps;

    /// <summary>Cout*Cin*K.</summary>
    public int WeightSize => OutChannels * InChannels * KernelSize;

    public static SparseInputShape Of(in ConvGeometry g) => new(g.Batch, g.InChannels, g.OutChannels, g.InLength,
        g.OutLength, g.KernelSize, g.Stride, g.Dilation, g.PadLeft);
}
