using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// y[b, c, t] = rows[(b,t), c]: im2row's output rows [B*T, C] back into the signal layout [B, C, T], one batch item per
/// work item, in 8 x 8 blocks transposed with AVX (<see cref="PanelTranspose.Block8x8"/>) where T and C allow and
/// element by element at the edges. Not thread-safe: one instance per caller.
/// </summary>
internal sealed class RowsToSignalJob : ParallelJob
{
    private float[] _rows = [], _signal = [];
    private int _rowsOffset, _offset, _channels, _length;

    /// <summary>
    /// Transposes every batch item of the rows from <paramref name="rowsOffset"/> into signal from
    /// <paramref name="offset"/>.
    /// </summary>
    public void Run(int batch, int channels, int length, float[] rows, int rowsOffset, float[] signal, int offset)
    {
        (_rows, _rowsOffset, _signal, _offset, _channels, _length) = (rows, rowsOffset, signal, offset, channels,
            length);
        CoreWorkers.Run(this, batch);
        (_rows, _signal) = ([], []);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(int b, int worker)
    {
        int channels = _channels, length = _length, first = _rowsOffset + b * length * channels;
        var y = _signal.AsSpan(_offset + b * length * channels, channels * length);
        bool blocks = PanelTranspose.IsAccelerated;
        int wholeSteps = blocks ? length & ~7 : 0, wholeChannels = blocks ? channels & ~7 : 0;
        Span<int> starts = stackalloc int[8];
        for (int t0 = 0; t0 < wholeSteps; t0 += 8)
        {
            for (int c0 = 0; c0 < wholeChannels; c0 += 8)
            {
                for (int r = 0; r < 8; r++) starts[r] = first + (t0 + r) * channels + c0;
                PanelTranspose.Block8x8(_rows, starts, y, length, c0, t0);
            }
            for (int t = t0; t < t0 + 8; t++) CopyStep(y, first, t, wholeChannels);
        }
        for (int t = wholeSteps; t < length; t++) CopyStep(y, first, t, 0);
    }

    // y[c, t] = rows[(b,t), c] for channels c from fromChannel
    private void CopyStep(Span<float> y, int first, int t, int fromChannel)
    {
        var row = _rows.AsSpan(first + t * _channels, _channels);
        for (int c = fromChannel; c < _channels; c++) y[c * _length + t] = row[c];
    }
}
