namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>The fewest frames a work item of <see cref="DecodeFrameRanges"/> decodes.</summary>
    public const int FewestFramesPerRange = 64;

    private readonly FrameRangeDecodeJob _frameRangeDecode = new();

    // A decode into rows over fewer batch items than workers splits the frames instead of the items: a MAESTRO piece
    // is a batch of one, whose TCN 1x1 convolution of one-hot events ran on one core of sixteen.
    private static bool SplitsFrames(int batch, int length)
        => batch < CoreWorkers.Active && length > 1 && batch * length >= 2 * FewestFramesPerRange;

    /// <summary>
    /// <see cref="Decode"/> of rows[B*L, F] by ranges of frames: the code's non-zeros sorted by frame once, by the
    /// workers, then one range of consecutive frames (across items: the rows are one run of frames) per work item.
    /// Each frame's terms come in the same order as an item's own sort gives them, so the floats are the same.
    /// </summary>
    private void DecodeFrameRanges(in Operands o, bool accumulate)
    {
        int frames = o.Batch * o.Length, values = frames * o.Atoms * o.Kernel;
        if (o.Kernel == 1)
            _frameTerms.SortInParallel(o.Code, o.CodeOffset, values, frames, new FrameOfCode(o.Atoms, o.Length));
        else
            _frameTerms.SortInParallel(o.Code, o.CodeOffset, values, frames,
                new FrameOfSignal(o.Atoms, o.Length, o.Kernel));
        _frameRangeDecode.Set(o, _frameTerms, accumulate);
        CoreWorkers.Run(_frameRangeDecode, _frameRangeDecode.Items);
        _frameRangeDecode.Clear();
    }

    /// <summary>
    /// DecodeFrameRanges' work: frames [first, first + count) of rows[B*L, F] from their sorted terms, every block
    /// of the row's columns, as <see cref="DecodeJob"/> decodes an item's frames.
    /// </summary>
    private sealed class FrameRangeDecodeJob : ParallelJob
    {
        private Operands _rows;
        private FrameColumnBlocks _blocks;
        private RowPart[] _parts = [];
        private NonZeroBuckets? _terms;
        private bool _accumulate;
        private int _frames, _framesPerRange;

        public int Items => (_frames + _framesPerRange - 1) / _framesPerRange;

        public void Set(in Operands operands, NonZeroBuckets terms, bool accumulate)
        {
            (_rows, _terms, _accumulate) = (RowsAsSignal(operands), terms, accumulate);
            _blocks = FrameColumnBlocks.OfRows(operands.FrameWidth, operands.Length);
            RowPart.Fill(_blocks, ref _parts);
            _frames = operands.Batch * operands.Length;
            _framesPerRange = Math.Max(FewestFramesPerRange, _frames / (4 * CoreWorkers.Active));
        }

        // drops the references to the caller's arrays
        public void Clear() => (_rows, _terms) = (default, null);

        public override void Run(int index, int worker)
        {
            int first = index * _framesPerRange, count = Math.Min(_framesPerRange, _frames - first);
            // a range is an item of its own: its rows start at its first frame's, its terms at that frame's bucket
            var range = _rows with { Length = count, RowsOffset = _rows.RowsOffset + first * _rows.FrameWidth };
            for (int part = 0; part < _blocks.Parts; part++)
                RegisterKernels.DecodePart(range, _terms!, first, 0, _parts[part], _accumulate);
        }
    }
}
