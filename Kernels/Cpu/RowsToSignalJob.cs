using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// y[b, c, t] = rows[(b,t), c]: im2row's output rows [B*T, C] back into the signal layout [B, C, T], one batch item per
/// work item (or, for fewer items than workers, a range of a multiple of 8 steps of one: a MAESTRO piece is a batch of
/// one; and where its steps are too few for the ranges wanted, also a range of a multiple of 8 channels: a weight
/// [64, 1164] or a gradient [64, 4096] read as rows), in 8 x 8 blocks transposed with AVX
/// (<see cref="PanelTranspose.Block8x8"/>) where T and C allow and element by element at the edges. Items of 4 or 2
/// steps (one-beat and two-beat code frames) have no 8 x 8 block: four channels at a time go through a 4 x 4 SSE
/// transpose or a 2-way interleave. With a bias, each item then adds bias[c] to its own block of y while it is in
/// cache, so no pass of its own (on the caller's core) follows. Not thread-safe: one instance per caller.
/// </summary>
internal sealed class RowsToSignalJob : ParallelJob
{
    private const int FewestStepsPerRange = 256;
    private const int FewestFloatsPerRange = 1 << 14;   // 64 KB: a channel range's least work

    private float[] _rows = [], _signal = [];
    private float[]? _bias;
    private int _biasOffset;
    private int _rowsOffset, _offset, _channels, _length, _rangesPerItem, _stepsPerRange, _channelRanges,
        _channelsPerRange;

    /// <summary>
    /// Transposes every batch item of the rows from <paramref name="rowsOffset"/> into signal from
    /// <paramref name="offset"/>.
    /// </summary>
    public void Run(int batch, int channels, int length, float[] rows, int rowsOffset, float[] signal, int offset)
        => Run(batch, channels, length, rows, rowsOffset, signal, offset, null);

    /// <summary>
    /// y[b, c, t] = rows[(b,t), c] + bias[c] (the sum first, as a separate pass would add it), or the plain transpose
    /// without a bias.
    /// </summary>
    public void Run(int batch, int channels, int length, float[] rows, int rowsOffset, float[] signal, int offset,
        CpuBuffer? bias)
    {
        (_rows, _rowsOffset, _signal, _offset, _channels, _length) = (rows, rowsOffset, signal, offset, channels,
            length);
        (_bias, _biasOffset) = (bias?.Storage, bias?.Offset ?? 0);
        int wanted = batch >= CoreWorkers.Active ? 1 : 4 * CoreWorkers.Active / batch;
        _stepsPerRange = Math.Max(FewestStepsPerRange, (length / wanted + 7) & ~7);
        int stepRanges = (length + _stepsPerRange - 1) / _stepsPerRange;
        (_channelRanges, _channelsPerRange) = ChannelRanges(channels, Math.Min(length, _stepsPerRange),
            (wanted + stepRanges - 1) / stepRanges);
        _rangesPerItem = stepRanges * _channelRanges;
        CoreWorkers.Run(this, batch * _rangesPerItem);
        (_rows, _signal, _bias) = ([], [], null);
    }

    // up to `wanted` ranges of a multiple of 8 channels, each at least FewestFloatsPerRange floats over `steps` steps;
    // one range of all the channels for the short items of code frames, which have no 8 x 8 blocks
    private static (int Ranges, int ChannelsPerRange) ChannelRanges(int channels, int steps, int wanted)
    {
        int ranges = Math.Min(wanted, Math.Min(channels / 8, steps * channels / FewestFloatsPerRange));
        if (steps is 4 or 2 || ranges <= 1) return (1, channels);
        int perRange = ((channels + ranges - 1) / ranges + 7) & ~7;
        return ((channels + perRange - 1) / perRange, perRange);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(int index, int worker)
    {
        int b = index / _rangesPerItem, range = index % _rangesPerItem;
        int start = range / _channelRanges * _stepsPerRange, firstChannel = range % _channelRanges * _channelsPerRange;
        int channels = _channels, length = _length, first = _rowsOffset + b * length * channels;
        int endChannel = Math.Min(channels, firstChannel + _channelsPerRange);
        var y = _signal.AsSpan(_offset + b * length * channels, channels * length);
        if (length is 4 or 2 && Sse.IsSupported)
        {
            int whole = channels & ~3;
            if (length == 4) FourStepsOfFourChannels(first, y, whole);
            else TwoStepsOfFourChannels(first, y, whole);
            for (int t = 0; t < length; t++) CopyStep(y, first, t, whole, channels);
            AddBias(b, 0, channels, 0, length);
            return;
        }
        bool blocks = PanelTranspose.IsAccelerated;
        int end = Math.Min(length, start + _stepsPerRange);
        int wholeSteps = blocks ? end & ~7 : start;
        int wholeChannels = blocks ? firstChannel + ((endChannel - firstChannel) & ~7) : firstChannel;
        Span<int> starts = stackalloc int[8];
        for (int t0 = start; t0 < wholeSteps; t0 += 8)
        {
            for (int c0 = firstChannel; c0 < wholeChannels; c0 += 8)
            {
                for (int r = 0; r < 8; r++) starts[r] = first + (t0 + r) * channels + c0;
                PanelTranspose.Block8x8(_rows, starts, y, length, c0, t0);
            }
            for (int t = t0; t < t0 + 8; t++) CopyStep(y, first, t, wholeChannels, endChannel);
        }
        for (int t = wholeSteps; t < end; t++) CopyStep(y, first, t, firstChannel, endChannel);
        AddBias(b, firstChannel, endChannel, start, end);
    }

    // y[b, c, start..end) += bias[c] for channels c in [firstChannel, endChannel), if there is a bias
    private void AddBias(int b, int firstChannel, int endChannel, int start, int end)
    {
        if (_bias is null) return;
        new BiasEpilogue(_bias, _biasOffset, _signal, _offset + b * _length * _channels, _length)
            .Finish(firstChannel, endChannel - firstChannel, start, end - start);
    }

    // y[c, 0..3] = rows[(b,0..3), c] for channels c below whole (a multiple of 4): the four steps' runs of four
    // channels, transposed, are sixteen consecutive floats of y
    private void FourStepsOfFourChannels(int first, Span<float> y, int whole)
    {
        int channels = _channels;
        for (int c0 = 0; c0 < whole; c0 += 4)
        {
            int at = first + c0;
            var r0 = Vector128.Create(_rows.AsSpan(at, 4));
            var r1 = Vector128.Create(_rows.AsSpan(at + channels, 4));
            var r2 = Vector128.Create(_rows.AsSpan(at + 2 * channels, 4));
            var r3 = Vector128.Create(_rows.AsSpan(at + 3 * channels, 4));
            Vector128<float> low01 = Sse.UnpackLow(r0, r1), low23 = Sse.UnpackLow(r2, r3);
            Vector128<float> high01 = Sse.UnpackHigh(r0, r1), high23 = Sse.UnpackHigh(r2, r3);
            var out0 = y.Slice(c0 * 4, 16);
            Sse.MoveLowToHigh(low01, low23).CopyTo(out0);
            Sse.MoveHighToLow(low23, low01).CopyTo(out0[4..]);
            Sse.MoveLowToHigh(high01, high23).CopyTo(out0[8..]);
            Sse.MoveHighToLow(high23, high01).CopyTo(out0[12..]);
        }
    }

    // y[c, 0..1] = rows[(b,0..1), c] for channels c below whole (a multiple of 4): the two steps interleaved
    private void TwoStepsOfFourChannels(int first, Span<float> y, int whole)
    {
        int channels = _channels;
        for (int c0 = 0; c0 < whole; c0 += 4)
        {
            var r0 = Vector128.Create(_rows.AsSpan(first + c0, 4));
            var r1 = Vector128.Create(_rows.AsSpan(first + channels + c0, 4));
            var out0 = y.Slice(c0 * 2, 8);
            Sse.UnpackLow(r0, r1).CopyTo(out0);
            Sse.UnpackHigh(r0, r1).CopyTo(out0[4..]);
        }
    }

    // y[c, t] = rows[(b,t), c] for channels c in [fromChannel, endChannel)
    private void CopyStep(Span<float> y, int first, int t, int fromChannel, int endChannel)
    {
        var row = _rows.AsSpan(first + t * _channels, _channels);
        for (int c = fromChannel; c < endChannel; c++) y[c * _length + t] = row[c];
    }
}
