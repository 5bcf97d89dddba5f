using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Conv1d and its two gradients as GEMMs over output positions (im2row):
///   Xrow[(b,t), (c,j)] = x[b, c, t*s + j*d - pad]        rows = B*Tout, cols = Cin*Kw
///   forward:         Yrow[(b,t), o] = Xrow * W^T         then y[b,o,t] = Yrow[(b,t),o] + bias[o]
///   input gradient:  dXrow = dYrow * W                   then scatter-add dXrow into dx (row2im)
///   weight gradient: dW += dYrow^T * Xrow
/// With non-overlapping frames (stride = kernel, Tin = L*K) Xrow is a permutation of x, and when there is a
/// single frame (Tout = 1) it is x itself, as Yrow is y: then no copy is made at all (the GEMM-over-frames fast path).
/// Long stride-1 convolutions, and the forward and weight gradient of many frames, skip im2row altogether
/// (<see cref="WindowedConvolution"/>). Frames whose x or dy is mostly zeros run over its non-zeros instead
/// (<see cref="SparseFrameCodes"/>): the decoder's code, the encoder's masked gradient, an onset roll; any other
/// convolution of a mostly zero x (the TCN's first layer over one-hot events, its 1x1 residual) takes its forward and
/// weight gradient over x's non-zeros (<see cref="SparseInputConvolution"/>); and a forward behind a mostly zero mask
/// (the decoder's input gradient at the winners) computes only the masked values. Long frames (K = 16 to 128) with a
/// code of up to one value in eight decode and take the weight gradient in place in the signal.
/// Not thread-safe: one instance owns its scratch buffers.
/// </summary>
public sealed class ConvolutionAsGemm
{
    private readonly PackedGemm _gemm;
    private readonly WindowedConvolution _windowed;
    private float[] _rows = [];      // Xrow or dXrow [B*Tout, Cin*Kw]
    private float[] _outputs = [];   // Yrow or dYrow [B*Tout, Cout]
    private float[] _transposedWeights = [];   // wᵀ [Cin*Kw, Cout], for a sparse input's forward
    private readonly Im2RowJob _rowsJob = new();
    private readonly StretchedLoss _loss = new();
    private readonly SparseFrameCodes _sparse = new();
    private readonly RowsToSignalJob _rowsToSignal = new();
    private readonly SparseInputConvolution _sparseInput = new();
    private readonly MaskedFrameCorrelation _maskedFrames = new();

    // A top-k epilogue needs every code column whole, so each GEMM task covers all Cout atoms and reads all of W: cheap
    // while W stays in a core's L2 (1 MiB here), dearer than the pass over z it saves once W streams from memory per
    // task (maestro's 1000 x 2048 encoder: 8 MB read by each of 4 tasks, where the unfused GEMM reads it once).
    private const int EpilogueWeightLimit = 1 << 18;   // floats

    /// <summary>Creates the converter with its own <see cref="PackedGemm"/> and empty scratch buffers.</summary>
    public ConvolutionAsGemm()
    {
        _gemm = new PackedGemm();
        _windowed = new WindowedConvolution(_gemm);
    }

    /// <summary>y[B, Cout, Tout] = conv(x[B, Cin, Tin], w[Cout, Cin, Kw]) + bias[Cout]; y is overwritten.</summary>
    public void Forward(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer? bias, CpuBuffer y)
    {
        int rows = g.Batch * g.OutLength, cols = g.InChannels * g.KernelSize;
        // a mostly zero x: frames of several steps are decoded frame by frame (SparseFrameCodes), any other geometry,
        // 1x1 included, step by step (SparseInputConvolution)
        if (g.KernelSize > 1 && IsSparseInput(g, x, SparseFrameCodes.ForwardMostNonZeros))
        {
            ForwardOfSparseInput(g, x, w, bias, y);
            return;
        }
        if ((!g.IsNonOverlappingFrames || g.KernelSize == 1) && _sparseInput.TryForward(g, x, w, bias, y)) return;
        if (WindowedConvolution.Handles(g))
        {
            _windowed.Forward(g, x, w, bias, y);
            return;
        }
        var xrow = InputRows(g, x);
        if (IsSingleFrame(g))
        {
            _gemm.Multiply(rows, g.OutChannels, cols, 1f, xrow, new(w.Storage, w.Offset, true), 0f, y.Storage,
                y.Offset);
            if (bias is not null) AddBias(g, bias, y);
            return;
        }
        ScratchArrays.Grow(ref _outputs, rows * g.OutChannels);
        _gemm.Multiply(rows, g.OutChannels, cols, 1f, xrow, new(w.Storage, w.Offset, true), 0f, _outputs, 0);
        _rowsToSignal.Run(g.Batch, g.OutChannels, g.OutLength, _outputs, 0, y.Storage, y.Offset, bias);
    }

    /// <summary>
    /// y[B, Cout, Tout] = conv(x, w) * mask (no bias), overwritten: the decoder's input gradient behind the winner
    /// mask. Where the mask keeps few values, only its non-zeros' dot products are computed: for many long frames (32
    /// or more of 16k taps) up to one value in eight, blocked by atom and frame (<see cref="MaskedFrameCorrelation"/>);
    /// for other non-overlapping frames up to one in sixteen (<see cref="SparseFrameCodes.Correlate"/>); elsewhere
    /// the dense forward, then the product.
    /// </summary>
    public void ForwardMasked(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer mask, CpuBuffer y)
    {
        if (_maskedFrames.TryRun(g, x, w, mask, y)) return;
        if (IsSparseCode(g, mask, SparseFrameCodes.MostNonZeros))
        {
            _sparse.Correlate(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels * g.KernelSize,
                mask.Storage, mask.Offset, w.Storage, w.Offset, x.Storage, x.Offset, y.Storage, y.Offset);
            return;
        }
        Forward(g, x, w, null, y);
        System.Numerics.Tensors.TensorPrimitives.Multiply(y.Span, mask.Span, y.Span);
    }

    /// <summary>
    /// The encoder with channel top-k fused: z[B, Cout, Tout] = conv(x, w) (no bias), code and mask = the k largest of
    /// each column z[b, :, t]. Where the GEMM's output is z itself (the windowed forward, one item at a time, and a
    /// single frame) and the weights stay in cache, the selection runs in its epilogue on each finished block;
    /// elsewhere (im2row, large weights) after the convolution.
    /// </summary>
    public void ForwardTopKChannels(in ConvGeometry g, CpuBuffer x, CpuBuffer w, int k, CpuBuffer z, CpuBuffer code,
        CpuBuffer mask)
    {
        var selection = new TopKBuffers(g.OutChannels, g.OutLength, k, z.Storage, z.Offset, code.Storage, code.Offset,
            mask.Storage, mask.Offset);
        if (!ForwardSelectingInEpilogue(g, x, w, z, selection))
            WinnerSelection.TopKChannels(g.Batch, g.OutChannels, g.OutLength, k, z.Storage, z.Offset, code.Storage,
                code.Offset, mask.Storage, mask.Offset);
    }

    // z = conv(x, w); true when the selection ran in the GEMM's epilogue, false when it is still to run on z
    private bool ForwardSelectingInEpilogue(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer z,
        in TopKBuffers selection)
    {
        bool weightsStayInCache = g.WeightSize <= EpilogueWeightLimit;
        if (IsSparseInput(g, x, SparseFrameCodes.ForwardMostNonZeros))
        {
            // a single frame's rows are z itself: its selection runs on each run of decoded items
            bool single = IsSingleFrame(g);
            ForwardOfSparseInput(g, x, w, null, z, single ? selection : null);
            return single;
        }
        if (weightsStayInCache && WindowedConvolution.Handles(g))
        {
            _windowed.ForwardTopKChannels(g, x, w, z, selection);
            return true;
        }
        if (weightsStayInCache && IsSingleFrame(g))
        {
            // C = Yrow[B, Cout] = z: a code column is a row of C
            var epilogue = new TopKEpilogue(selection, 0, ColumnsAreRows: true);
            _gemm.Multiply(g.Batch, g.OutChannels, g.InChannels * g.KernelSize, 1f,
                StridedOperand.LeftOf(x.Storage, x.Offset, false, g.Batch, g.InChannels * g.KernelSize),
                StridedOperand.RightOf(w.Storage, w.Offset, true, g.OutChannels, g.InChannels * g.KernelSize), 0f,
                z.Storage, z.Offset, epilogue, epilogue.Blocks);
            return true;
        }
        Forward(g, x, w, null, z);
        return false;
    }

    /// <summary>
    /// dy[B, Cout, Tout], w[Cout, Cin, Kw] -> dx[B, Cin, Tin] = scatter(dYrow * W), added to dx when accumulating.
    /// </summary>
    public void BackwardInput(in ConvGeometry g, CpuBuffer dy, CpuBuffer w, CpuBuffer dx, bool accumulate)
        => BackwardInput(g, dy, w, dx, accumulate, loss: null);

    /// <summary>
    /// The decoder with its loss fused: prediction[B, Cin, Tin] = the input gradient of dy (overwritten), then the
    /// <paramref name="loss"/> against target and its gradient, formed on each part of the prediction as soon as it is
    /// final: the single-frame GEMM's rows (whole batch items) in its epilogue, each signal row right after its
    /// scatter. Returns the loss.
    /// </summary>
    public float BackwardInputWithLoss(in ConvGeometry g, CpuBuffer dy, CpuBuffer w, LossSpec loss, CpuBuffer target,
        CpuBuffer? timeMask, CpuBuffer prediction, CpuBuffer gradient)
    {
        int stretch = IsSingleFrame(g) && !WindowedConvolution.HandlesInputGradient(g) ? g.InChannels * g.InLength
            : g.InLength;
        _loss.Begin(loss, g.Batch, g.InChannels, g.InLength, prediction, target, timeMask, gradient, stretch);
        BackwardInput(g, dy, w, prediction, accumulate: false, _loss);
        return _loss.End();
    }

    // the input gradient; with a loss, its stretches finished as the parts of dx they cover become final
    private void BackwardInput(in ConvGeometry g, CpuBuffer dy, CpuBuffer w, CpuBuffer dx, bool accumulate,
        StretchedLoss? loss)
    {
        int rows = g.Batch * g.OutLength, cols = g.InChannels * g.KernelSize;
        if (IsSparseCodeOfLongFrames(g, dy))
        {
            _sparse.DecodeLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels, dy.Storage,
                dy.Offset, w.Storage, w.Offset, dx.Storage, dx.Offset, accumulate, loss);
            return;
        }
        if (IsSparseCode(g, dy, SparseFrameCodes.MostNonZeros))
        {
            BackwardInputOfSparseCode(g, dy, w, dx, accumulate, loss);
            return;
        }
        if (WindowedConvolution.HandlesInputGradient(g))
        {
            _windowed.BackwardInput(g, dy, w, dx, accumulate);
            loss?.Finish(0, loss.Stretches);
            return;
        }
        var dyrow = OutputRows(g, dy);
        if (IsSingleFrame(g))
        {
            var left = StridedOperand.LeftOf(dyrow.Data, dyrow.Offset, false, rows, g.OutChannels);
            var right = StridedOperand.RightOf(w.Storage, w.Offset, false, cols, g.OutChannels);
            if (loss is null)
                _gemm.Multiply(rows, cols, g.OutChannels, 1f, left, right, accumulate ? 1f : 0f, dx.Storage, dx.Offset);
            else _gemm.Multiply(rows, cols, g.OutChannels, 1f, left, right, 0f, dx.Storage, dx.Offset,
                new LossEpilogue(loss), EpilogueBlocks.WholeRows);
            return;
        }
        ScratchArrays.Grow(ref _rows, rows * cols);
        _gemm.Multiply(rows, cols, g.OutChannels, 1f, dyrow, new(w.Storage, w.Offset, false), 0f, _rows, 0);
        _rowsJob.Run(g, dx.Storage, dx.Offset, _rows, scatter: true, overwrite: !accumulate, loss);
    }

    /// <summary>
    /// x[B, Cin, Tin], dy[B, Cout, Tout] -> dw[Cout, Cin, Kw] (+)= dYrow^T * Xrow, added to dw when accumulating.
    /// </summary>
    public void BackwardWeight(in ConvGeometry g, CpuBuffer x, CpuBuffer dy, CpuBuffer dw, bool accumulate)
    {
        int rows = g.Batch * g.OutLength, cols = g.InChannels * g.KernelSize;
        if (IsSparseCodeOfLongFrames(g, dy) && !IsSparseInput(g, x, SparseFrameCodes.MostNonZeros))
        {
            _sparse.WeightGradientOfLongFrames(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, g.InChannels,
                dy.Storage, dy.Offset, x.Storage, x.Offset, dw.Storage, dw.Offset, accumulate);
            return;
        }
        if (IsSparseCode(g, dy, SparseFrameCodes.MostNonZeros))
        {
            if (IsSparseInput(g, x, SparseFrameCodes.MostNonZeros))
                _sparse.WeightGradientOfSparseInput(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, cols,
                    dy.Storage, dy.Offset, x.Storage, x.Offset, dw.Storage, dw.Offset, accumulate);
            else
            {
                var frames = InputRows(g, x);
                _sparse.WeightGradient(g.Batch, g.OutChannels, g.OutLength, cols, dy.Storage, dy.Offset, frames.Data,
                    frames.Offset, dw.Storage, dw.Offset, accumulate);
            }
            return;
        }
        if (_sparseInput.TryBackwardWeight(g, x, dy, dw, accumulate)) return;
        if (WindowedConvolution.Handles(g))
        {
            _windowed.BackwardWeight(g, x, dy, dw, accumulate);
            return;
        }
        var dyrow = OutputRows(g, dy);
        var xrow = InputRows(g, x);
        _gemm.Multiply(g.OutChannels, cols, rows, 1f, dyrow with { Transposed = true }, xrow, accumulate ? 1f : 0f,
            dw.Storage, dw.Offset);
    }

    // Non-overlapping frames whose x (an onset roll, a one-hot signal, a drum grid) or dy (a winner-take-all code, or
    // its gradient behind the winner mask) is mostly zeros: the products that multiply it run over its non-zeros
    // (SparseFrameCodes) instead of the dense GEMM. Whether x holds at most share of its values non-zero as its
    // geometry says where its filler counted it, else counted here.
    private static bool IsSparseInput(in ConvGeometry g, CpuBuffer x, double share)
        => g.IsNonOverlappingFrames
            && (g.InputNonZerosWithin(share) ?? SparseFrameCodes.IsSparse(x.Storage, x.Offset, g.InputSize, share));

    // The [B, Cout, Tout] side of non-overlapping frames (a code, its mask, or the gradient behind it) holds at most
    // share of its values non-zero: settled by the geometry's bound per column where it can, else counted.
    private static bool IsSparseCode(in ConvGeometry g, CpuBuffer code, double share)
        => g.IsNonOverlappingFrames && (g.OutputBoundIsWithin(share)
            || SparseFrameCodes.IsSparse(code.Storage, code.Offset, g.OutputSize, share));

    // Many long frames (maestro's 32-event atoms) whose dy is a code of up to one value in eight non-zero: the decode
    // and the weight gradient read and write the signal's frames in place, summing in registers, where the narrow
    // products' passes over rows of frames (an item per thread) would leave a single long item on one core.
    private static bool IsSparseCodeOfLongFrames(in ConvGeometry g, CpuBuffer dy)
        => SparseFrameCodes.HandlesLongFrames(g.KernelSize, g.OutLength)
            && IsSparseCode(g, dy, SparseFrameCodes.LongFramesMostNonZeros);

    // the forward over x's non-zeros: rows[(b,t), :] = sum_(c,j) x[b, c, t*K + j] wᵀ[c*K + j, :] with the weights
    // transposed into scratch, [Cin*K, Cout]; a single frame's rows are y itself (its winners, if given, selected on
    // each run of decoded items), many frames' are transposed into it, the bias added as they are
    private void ForwardOfSparseInput(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer? bias, CpuBuffer y,
        TopKBuffers? winners = null)
    {
        int cols = g.InChannels * g.KernelSize;
        ScratchArrays.Grow(ref _transposedWeights, g.WeightSize);
        _rowsToSignal.Run(1, cols, g.OutChannels, w.Storage, w.Offset, _transposedWeights, 0);
        bool single = IsSingleFrame(g);
        if (!single) ScratchArrays.Grow(ref _outputs, g.Batch * g.OutLength * g.OutChannels);
        _sparse.Decode(g.Batch, g.InChannels, g.OutLength, g.OutChannels, x.Storage, x.Offset, _transposedWeights, 0,
            single ? y.Storage : _outputs, single ? y.Offset : 0, accumulate: false, kernel: g.KernelSize,
            winners: winners);
        if (!single) _rowsToSignal.Run(g.Batch, g.OutChannels, g.OutLength, _outputs, 0, y.Storage, y.Offset, bias);
        else if (bias is not null) AddBias(g, bias, y);
    }

    // the input gradient over dy's non-zeros: a single frame's rows are dx itself (its loss stretches whole items,
    // finished as each is decoded), many frames' rows are scattered into dx an item at a time
    private void BackwardInputOfSparseCode(in ConvGeometry g, CpuBuffer dy, CpuBuffer w, CpuBuffer dx,
        bool accumulate, StretchedLoss? loss)
    {
        int cols = g.InChannels * g.KernelSize;
        if (IsSingleFrame(g))
        {
            _sparse.Decode(g.Batch, g.OutChannels, 1, cols, dy.Storage, dy.Offset, w.Storage, w.Offset, dx.Storage,
                dx.Offset, accumulate, loss);
            return;
        }
        _sparse.DecodeIntoSignal(g.Batch, g.OutChannels, g.OutLength, g.KernelSize, cols, dy.Storage, dy.Offset,
            w.Storage, w.Offset, dx.Storage, dx.Offset, accumulate, loss);
    }

    /// <summary>The general GEMM, for callers that want it directly.</summary>
    public PackedGemm Gemm => _gemm;

    private static bool IsSingleFrame(in ConvGeometry g) => g.IsNonOverlappingFrames && g.OutLength == 1;

    // Xrow [B*Tout, Cin*Kw]: x itself for a single frame, else gathered into scratch.
    private PackedGemm.Operand InputRows(in ConvGeometry g, CpuBuffer x)
    {
        if (IsSingleFrame(g)) return new(x.Storage, x.Offset, false);
        ScratchArrays.Grow(ref _rows, g.Batch * g.OutLength * g.InChannels * g.KernelSize);
        GatherRows(g, x.Storage, x.Offset, _rows);
        return new(_rows, 0, false);
    }

    // dYrow [B*Tout, Cout]: dy itself for a single frame, else transposed into scratch.
    private PackedGemm.Operand OutputRows(in ConvGeometry g, CpuBuffer dy)
    {
        if (IsSingleFrame(g)) return new(dy.Storage, dy.Offset, false);
        ScratchArrays.Grow(ref _outputs, g.Batch * g.OutLength * g.OutChannels);
        SignalToRows(g.Batch, g.OutChannels, g.OutLength, dy.Span, _outputs);
        return new(_outputs, 0, false);
    }

    // rows[(b,t), c*Kw + j] = x[b, c, t*s + j*d - pad], zero outside the signal
    private void GatherRows(ConvGeometry g, float[] x, int xOffset, float[] rows)
    {
        _rowsJob.Run(g, x, xOffset, rows, scatter: false, overwrite: false, loss: null);
    }

    // rows[(b,t), o] = y[b, o, t]
    private static void SignalToRows(int batch, int channels, int length, ReadOnlySpan<float> y, float[] rows)
    {
        for (int b = 0; b < batch; b++)
        for (int o = 0; o < channels; o++)
        {
            var signal = y.Slice((b * channels + o) * length, length);
            for (int t = 0; t < length; t++) rows[(b * length + t) * channels + o] = signal[t];
        }
    }

    // y[b, o, :] += bias[o] after a forward with no epilogue: the windowed forward's bias epilogue over each item's
    // whole output
    private static void AddBias(in ConvGeometry g, CpuBuffer bias, CpuBuffer y)
    {
        int itemSize = g.OutChannels * g.OutLength;
        for (int b = 0; b < g.Batch; b++)
            new BiasEpilogue(bias.Storage, bias.Offset, y.Storage, y.Offset + b * itemSize, g.OutLength)
                .Finish(0, g.OutChannels, 0, g.OutLength);
    }
}
