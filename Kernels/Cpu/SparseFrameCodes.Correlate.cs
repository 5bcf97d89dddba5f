using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// y[b,n,l] = mask[b,n,l] * sum_(c,j) w[n, c*K+j] x[b, c, l*K+j] where mask[b,n,l] is not zero, and 0 elsewhere:
    /// y[B, N, L] overwritten, mask[B, N, L], x[B, C, L*K], w[N, C*K]. The forward convolution of non-overlapping frames
    /// computed only where a winner mask keeps its k of N values a column: the decoder's input gradient behind the
    /// mask. Each item's frames are gathered once, into the worker's scratch (none for a single frame, which is the
    /// item's signal itself, and whose products run four at a time: <see cref="FourProducts"/>); each dot product is
    /// one thread's, in a fixed order.
    /// </summary>
    public void Correlate(int batch, int atoms, int length, int kernel, int frameWidth, float[] mask, int maskOffset,
        float[] w, int wOffset, float[] x, int xOffset, float[] y, int yOffset)
    {
        _correlate.Set(new(batch, atoms, length, frameWidth, mask, maskOffset, w, wOffset, x, xOffset, kernel), y,
            yOffset);
        CoreWorkers.Run(_correlate, _correlate.Items);
        _correlate.Clear();
    }

    // y of one batch item at its mask's non-zero (n, l), flat index n*L + l: mask * <frame l, w[n]>, the item's frames
    // [L, F] at frames[0 ..]
    private readonly struct CorrelateTerm(Operands operands, float[] frames, int framesOffset, float[] y,
        int itemOffset) : NonZeroScan.ITerm
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int index, float value)
        {
            int n = index / operands.Length, l = index - n * operands.Length;
            var frame = frames.AsSpan(framesOffset + l * operands.FrameWidth, operands.FrameWidth);
            y[itemOffset + index] = value * TensorPrimitives.Dot<float>(frame, operands.WeightRow(n));
        }
    }

    /// <summary>
    /// Correlate, a run of whole batch items per work item (about eight work items per worker), each item's y cleared
    /// first. Operands: code = the mask, rows = the signal x, kernel = K.
    /// </summary>
    private sealed class CorrelateJob : ParallelJob
    {
        private Operands _operands;
        private float[] _y = [];
        private int _yOffset, _itemsPerRun;
        private readonly float[][] _frames = new float[CoreWorkers.Count][];   // each worker's [L, F]

        public int Items => (_operands.Batch + _itemsPerRun - 1) / _itemsPerRun;

        public void Set(Operands operands, float[] y, int yOffset)
        {
            (_operands, _y, _yOffset) = (operands, y, yOffset);
            _itemsPerRun = Math.Max(1, operands.Batch / (8 * CoreWorkers.Active));
            int frames = operands.Length == 1 ? 0 : operands.Length * operands.FrameWidth;
            for (int i = 0; i < _frames.Length; i++)
                if (_frames[i] is null || _frames[i].Length < frames) _frames[i] = new float[frames];
        }

        // drops the references to the caller's arrays
        public void Clear() => (_operands, _y) = (default, []);

        // the item's frames [L, F] from its signal [C, L*K] at signalOffset
        private static float[] Gather(in Operands o, int signalOffset, float[] frames)
        {
            ItemFrames.Gather(o.Rows.AsSpan(signalOffset, o.Length * o.FrameWidth), o.FrameWidth / o.Kernel, o.Length,
                o.Kernel, o.FrameWidth, frames);
            return frames;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int index, int worker)
        {
            var o = _operands;
            int first = index * _itemsPerRun, end = Math.Min(o.Batch, first + _itemsPerRun);
            int codeSize = o.Atoms * o.Length, signalSize = o.Length * o.FrameWidth;
            for (int b = first; b < end; b++)
            {
                int itemOffset = _yOffset + b * codeSize, signalOffset = o.RowsOffset + b * signalSize;
                _y.AsSpan(itemOffset, codeSize).Clear();
                if (o.Length == 1 && FourProducts.IsAccelerated)
                {
                    var four = new FourProducts(o, signalOffset, _y, itemOffset);
                    NonZeroScan.ForEach(o.Code.AsSpan(o.CodeOffset + b * codeSize, codeSize), ref four);
                    four.Finish();
                    continue;
                }
                var term = o.Length == 1 ? new CorrelateTerm(o, o.Rows, signalOffset, _y, itemOffset)
                    : new CorrelateTerm(o, Gather(o, signalOffset, _frames[worker]), 0, _y, itemOffset);
                NonZeroScan.ForEach(o.Code.AsSpan(o.CodeOffset + b * codeSize, codeSize), ref term);
            }
        }
    }
}
