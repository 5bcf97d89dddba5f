namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Convolutions as GEMMs straight on the signals, one batch item at a time, in the [channels, time] layout the
/// signals already have: stride 1 with any dilation and padding (the TCN's causal dilated convs), and the forward
/// and weight gradient of non-overlapping frames (the encoder, and the decoder's input and weight gradients):
///   forward:         y_b[Cout, Tout]  = W[Cout, Cin*Kw] · windows(x_b)[Cin*Kw, Tout]
///   weight gradient: dW[Cout, Cin*Kw] += dy_b[Cout, Tout] · windows(x_b)ᵀ[Tout, Cin*Kw]
///   input gradient:  dx_b[Cin, Tin]  (+)= Wᵀ[Cin, Cout*Kw] · windows(dy_b)[Cout*Kw, Tin]
/// The windows exist only inside the GEMM's packed panels: no im2col buffer, no transposes, memory linear in T.
/// (The frames' input gradient is a permutation of a GEMM's output, so it stays with im2row's scatter.)
/// </summary>
public sealed class WindowedConvolution(PackedGemm gemm)
{
    /// <summary>
    /// Worth it when time is long enough to fill the GEMM's panels; short signals batch better as im2row.
    /// </summary>
    public static bool Handles(in ConvGeometry g) => (g.Stride == 1 || g.IsNonOverlappingFrames) && g.OutLength >= 64;

    /// <summary>The input gradient as a GEMM on the signals: stride 1 only.</summary>
    public static bool HandlesInputGradient(in ConvGeometry g) => g.Stride == 1 && g.OutLength >= 64;

    /// <summary>
    /// y[B, Cout, Tout] = conv(x[B, Cin, Tin], w[Cout, Cin, Kw]) + bias[Cout]; y is overwritten. The bias is added to
    /// each finished block of the GEMM (<see cref="BiasEpilogue"/>).
    /// </summary>
    public void Forward(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer? bias, CpuBuffer y)
    {
        int taps = g.InChannels * g.KernelSize;
        var weight = new StridedOperand(w.Storage, w.Offset, taps, 1);
        for (int b = 0; b < g.Batch; b++)
        {
            int yOffset = y.Offset + b * g.OutChannels * g.OutLength;
            if (bias is null)
                gemm.Multiply(g.OutChannels, g.OutLength, taps, 1f, weight, Windows(g, x, b), 0f, y.Storage, yOffset);
            else
                gemm.Multiply(g.OutChannels, g.OutLength, taps, 1f, weight, Windows(g, x, b), 0f, y.Storage, yOffset,
                    new BiasEpilogue(bias.Storage, bias.Offset, y.Storage, yOffset, g.OutLength), EpilogueBlocks.Any);
        }
    }

    /// <summary>
    /// The forward with channel top-k in the GEMM's epilogue: each finished block of z_b[Cout, Tout] spans whole code
    /// columns (all Cout rows), whose selection into code and mask runs while the block is in cache.
    /// </summary>
    public void ForwardTopKChannels(in ConvGeometry g, CpuBuffer x, CpuBuffer w, CpuBuffer z, TopKBuffers selection)
    {
        int taps = g.InChannels * g.KernelSize;
        var weight = new StridedOperand(w.Storage, w.Offset, taps, 1);
        for (int b = 0; b < g.Batch; b++)
        {
            var epilogue = new TopKEpilogue(selection, b * g.OutLength, ColumnsAreRows: false);
            gemm.Multiply(g.OutChannels, g.OutLength, taps, 1f, weight, Windows(g, x, b), 0f, z.Storage,
                z.Offset + b * g.OutChannels * g.OutLength, epilogue, epilogue.Blocks);
        }
    }

    /// <summary>
    /// x[B, Cin, Tin], dy[B, Cout, Tout] -> dw[Cout, Cin, Kw] (+)= sum_b dy_b · windows(x_b)ᵀ; the first batch item
    /// writes over dw unless accumulating, the others add to it.
    /// </summary>
    public void BackwardWeight(in ConvGeometry g, CpuBuffer x, CpuBuffer dy, CpuBuffer dw, bool accumulate)
    {
        int taps = g.InChannels * g.KernelSize;
        for (int b = 0; b < g.Batch; b++)
            gemm.Multiply(g.OutChannels, taps, g.OutLength, 1f,
                new StridedOperand(dy.Storage, dy.Offset + b * g.OutChannels * g.OutLength, g.OutLength, 1),
                new SignalWindowsByTime(x.Storage, x.Offset + b * g.InChannels * g.InLength, g.InLength, g.KernelSize,
                    g.Dilation, -g.PadLeft, g.Stride),
                accumulate || b > 0 ? 1f : 0f, dw.Storage, dw.Offset);
    }

    /// <summary>
    /// dy[B, Cout, Tout], w[Cout, Cin, Kw] -> dx[B, Cin, Tin] (+)= Wᵀ · windows(dy_b): dx[c, τ] = sum_{o,j}
    /// w[o,c,j] dy[o, τ + pad - j*d]; added to dx when accumulating. Stride 1 only (see
    /// <see cref="HandlesInputGradient"/>).
    /// </summary>
    public void BackwardInput(in ConvGeometry g, CpuBuffer dy, CpuBuffer w, CpuBuffer dx, bool accumulate)
    {
        var weight = new KernelTapsByInput(w.Storage, w.Offset, g.InChannels, g.KernelSize);
        for (int b = 0; b < g.Batch; b++)
            gemm.Multiply(g.InChannels, g.InLength, g.OutChannels * g.KernelSize, 1f, weight,
                new SignalWindows(dy.Storage, dy.Offset + b * g.OutChannels * g.OutLength, g.OutLength, g.KernelSize,
                    g.Dilation, g.PadLeft, -1),
                accumulate ? 1f : 0f, dx.Storage, dx.Offset + b * g.InChannels * g.InLength);
    }

    // windows(x_b)[Cin*Kw, Tout]: the forward's right operand for batch item b
    private static SignalWindows Windows(in ConvGeometry g, CpuBuffer x, int b)
        => new(x.Storage, x.Offset + b * g.InChannels * g.InLength, g.InLength, g.KernelSize, g.Dilation, -g.PadLeft, 1,
            g.Stride);
}
