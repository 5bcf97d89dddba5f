using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Conv1d forward and gradients as implicit GEMMs on <see cref="TiledGemmKernel"/>. Non-overlapping frames
/// (stride = kernel) take the GEMM-over-frames path: H[(b,l),(c,j)] = x[b,c,l*K+j], Z = H · Wᵀ, dH = dZ · W,
/// dW += dZᵀ · H. Every other geometry reads convolution patches (<see cref="ConvPatches"/>,
/// <see cref="ConvAdjointPatches"/>) straight from the signal, padding included, with no im2row buffer. Weight
/// gradients reduce over batch x time into small outputs, the shapes that split K (<see cref="SplitKPlan"/>).
/// </summary>
internal sealed class ConvolutionKernels
{
    private readonly LoadedGemm<Frames, Transposed<RowMajor>, SignalRows> _framesForward;
    private readonly LoadedGemm<SignalRows, RowMajor, Frames> _framesBackwardInput;
    private readonly LoadedGemm<Transposed<SignalRows>, Frames, RowMajor> _framesBackwardWeight;
    private readonly LoadedGemm<ConvPatches, Transposed<RowMajor>, SignalRows> _patchesForward;
    private readonly LoadedGemm<ConvAdjointPatches, KernelTaps, SignalRows> _patchesBackwardInput;
    private readonly LoadedGemm<Transposed<SignalRows>, ConvPatches, RowMajor> _patchesBackwardWeight;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> _addChannelBias;

    public ConvolutionKernels(Accelerator accelerator, SplitKSupport splitK, GemmPrecision precision)
    {
        _framesForward = new(accelerator, splitK, precision);
        _framesBackwardInput = new(accelerator, splitK, precision);
        _framesBackwardWeight = new(accelerator, splitK, precision);
        _patchesForward = new(accelerator, splitK, precision);
        _patchesBackwardInput = new(accelerator, splitK, precision);
        _patchesBackwardWeight = new(accelerator, splitK, precision);
        _addChannelBias = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int,
            int>(AddChannelBias);
    }

    // y[B,Cout,Tout] = x[B,Cin,Tin] * w[Cout,Cin,Kw] (+ bias[Cout]): Y[(b,t),o] = X[(b,t),(c,j)] · Wᵀ[(c,j),o].
    public void Forward(in ConvGeometry g, ArrayView<float> x, ArrayView<float> w, ArrayView<float>? bias,
        ArrayView<float> y)
    {
        var shape = new GemmShape(g.Batch * g.OutLength, g.OutChannels, g.InChannels * g.KernelSize, 1f, 0f);
        var weightColumns = new Transposed<RowMajor>(new RowMajor(shape.K));
        var output = new SignalRows(g.OutChannels, g.OutLength);
        if (g.IsNonOverlappingFrames)
            _framesForward.Run(x, new Frames(g.InChannels, g.OutLength, g.KernelSize), w, weightColumns, y, output,
                shape);
        else
            _patchesForward.Run(x, new ConvPatches(g), w, weightColumns, y, output, shape);
        if (bias is { } b) _addChannelBias((int)y.Length, y, b, g.OutChannels, g.OutLength);
    }

    // dx[B,Cin,Tin] (+)= adjoint of the conv on dy[B,Cout,Tout]: dX[(b,i),c] = D[(b,i),(o,j)] · W[(o,j),c].
    public void BackwardInput(in ConvGeometry g, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx,
        bool accumulate)
    {
        float beta = accumulate ? 1f : 0f;
        if (g.IsNonOverlappingFrames)
        {
            var shape = new GemmShape(g.Batch * g.OutLength, g.InChannels * g.KernelSize, g.OutChannels, 1f, beta);
            _framesBackwardInput.Run(dy, new SignalRows(g.OutChannels, g.OutLength), w, new RowMajor(shape.N),
                dx, new Frames(g.InChannels, g.OutLength, g.KernelSize), shape);
        }
        else
        {
            var shape = new GemmShape(g.Batch * g.InLength, g.InChannels, g.OutChannels * g.KernelSize, 1f, beta);
            _patchesBackwardInput.Run(dy, new ConvAdjointPatches(g), w, new KernelTaps(g.InChannels, g.KernelSize),
                dx, new SignalRows(g.InChannels, g.InLength), shape);
        }
    }

    // dw[Cout,(Cin,Kw)] (+)= dYᵀ[o,(b,t)] · X[(b,t),(c,j)].
    public void BackwardWeight(in ConvGeometry g, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw,
        bool accumulate)
    {
        var shape = new GemmShape(g.OutChannels, g.InChannels * g.KernelSize, g.Batch * g.OutLength, 1f,
            accumulate ? 1f : 0f);
        var upstream = new Transposed<SignalRows>(new SignalRows(g.OutChannels, g.OutLength));
        var output = new RowMajor(shape.N);
        if (g.IsNonOverlappingFrames)
            _framesBackwardWeight.Run(dy, upstream, x, new Frames(g.InChannels, g.OutLength, g.KernelSize), dw, output,
                shape);
        else
            _patchesBackwardWeight.Run(dy, upstream, x, new ConvPatches(g), dw, output, shape);
    }

    // y[B,C,T] += bias[C] broadcast over batch and time.
    private static void AddChannelBias(Index1D i, ArrayView<float> y, ArrayView<float> bias, int channels, int length)
        => y[i] += bias[(i / length) % channels];
}
