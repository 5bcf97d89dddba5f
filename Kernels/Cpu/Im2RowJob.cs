using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// im2row's gather, or row2im's scatter-add (into a row cleared first when overwriting), between a signal
/// s[B, Cin, Tin] and its rows [B*Tout, Cin*Kw] (<see cref="ConvolutionAsGemm"/>): a run of consecutive (b, c) signal
/// rows per item (about eight items per worker: a row of a few frames moves in less time than an item takes to hand
/// out), each row owned by one thread. With a loss, a scattered row is final: the run's loss stretches are finished as
/// soon as it is done.
/// </summary>
internal sealed class Im2RowJob : ParallelJob
{
    private ConvGeometry _g;
    private float[] _signal = [], _rows = [];
    private int _offset;
    private bool _scatter, _overwrite;
    private StretchedLoss? _loss;
    private int _signalRows, _rowsPerItem;

    /// <summary>
    /// Gathers signal (at offset) into rows, or scatters rows into it (overwriting, or adding); with a loss whose
    /// stretches are the signal's rows, finishes each.
    /// </summary>
    public void Run(in ConvGeometry g, float[] signal, int offset, float[] rows, bool scatter, bool overwrite,
        StretchedLoss? loss)
    {
        (_g, _signal, _offset, _rows, _scatter, _overwrite, _loss) = (g, signal, offset, rows, scatter, overwrite,
            loss);
        _signalRows = g.Batch * g.InChannels;
        _rowsPerItem = Math.Max(1, _signalRows / (8 * CoreWorkers.Active));
        CoreWorkers.Run(this, (_signalRows + _rowsPerItem - 1) / _rowsPerItem);
        (_signal, _rows, _loss) = ([], [], null);   // drops the references to the caller's arrays
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(int index, int worker)
    {
        int first = index * _rowsPerItem, end = Math.Min(_signalRows, first + _rowsPerItem);
        bool blocks = _g.IsNonOverlappingFrames && ItemFrames.MovesBlocks(_g.KernelSize);
        for (int bc = first; bc < end;)
        {
            int b = bc / _g.InChannels, c = bc % _g.InChannels;
            if (blocks && c % 4 == 0 && c + 4 <= _g.InChannels && bc + 4 <= end)
            {
                MoveFourChannelsOfFrames(b, c, _signal.AsSpan(_offset + bc * _g.InLength, 4 * _g.InLength));
                bc += 4;
                continue;
            }
            var signal = _signal.AsSpan(_offset + bc * _g.InLength, _g.InLength);
            if (_g.IsNonOverlappingFrames) MoveFrames(b, c, signal);
            else MoveWindows(b, c, signal);
            bc++;
        }
        _loss?.Finish(first, end - first);
    }

    // Non-overlapping frames tile the signal: frame t is the run signal[t*K, (t+1)*K), one vector copy (or add)
    // each, and an overwritten row needs no clearing first. Frames shorter than a vector go through ItemFrames
    // (piano's K = 2 as 8-byte words, one-beat drum frames' K = 4 as 128-bit vectors): a span per few floats cost
    // more than the copy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MoveFrames(int b, int c, Span<float> signal)
    {
        int kernel = _g.KernelSize, width = _g.InChannels * kernel;
        if (kernel < Vector256<float>.Count)
        {
            var rows = _rows.AsSpan((b * _g.OutLength) * width + c * kernel, (_g.OutLength - 1) * width + kernel);
            if (_scatter) ItemFrames.ScatterRow(rows, _g.OutLength, kernel, width, signal, accumulate: !_overwrite);
            else ItemFrames.GatherRow(signal, _g.OutLength, kernel, width, rows);
            return;
        }
        for (int t = 0; t < _g.OutLength; t++)
        {
            var row = _rows.AsSpan((b * _g.OutLength + t) * width + c * kernel, kernel);
            var frame = signal.Slice(t * kernel, kernel);
            if (!_scatter) frame.CopyTo(row);
            else if (_overwrite) row.CopyTo(frame);
            else System.Numerics.Tensors.TensorPrimitives.Add(frame, row, frame);
        }
    }

    // signal rows c .. c + 3 of item b [4, L*K] against their columns of the item's rows [L, Cin*K], in the blocks of
    // ItemFrames (frames of 2 values)
    private void MoveFourChannelsOfFrames(int b, int c, Span<float> signal)
    {
        int kernel = _g.KernelSize, width = _g.InChannels * kernel;
        var rows = _rows.AsSpan(b * _g.OutLength * width + c * kernel, (_g.OutLength - 1) * width + 4 * kernel);
        if (_scatter) ItemFrames.Scatter(rows, 4, _g.OutLength, kernel, width, signal, accumulate: !_overwrite);
        else ItemFrames.Gather(signal, 4, _g.OutLength, kernel, width, rows);
    }

    // any geometry: tap by tap, zero (gather) or skipped (scatter) outside the signal
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MoveWindows(int b, int c, Span<float> signal)
    {
        var g = _g;
        int tOut = g.OutLength, width = g.InChannels * g.KernelSize;
        if (_overwrite) signal.Clear();
        for (int t = 0; t < tOut; t++)
        {
            var row = _rows.AsSpan((b * tOut + t) * width + c * g.KernelSize, g.KernelSize);
            int start = t * g.Stride - g.PadLeft;
            for (int j = 0; j < g.KernelSize; j++)
            {
                int source = start + j * g.Dilation;
                if ((uint)source >= (uint)g.InLength) { if (!_scatter) row[j] = 0f; }
                else if (_scatter) signal[source] += row[j];
                else row[j] = signal[source];
            }
        }
    }
}
