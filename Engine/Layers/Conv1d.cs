using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Layers;

/// <summary>
/// Conv1d: x[B, Cin, T] -> y[B, Cout, Tout], weight [Cout, Cin, K], optional bias [Cout];
/// y[b,o,t] = bias[o] + sum_{c,j} w[o,c,j] x[b, c, t*stride + j*dilation - padLeft].
/// Backward: dW += dy ⊗ input patches, db += sum of dy, dx = the transposed scatter of W ⊗ dy.
/// </summary>
public sealed class Conv1d
{
    private readonly IComputeBackend _backend;
    /// <summary>Weight [Cout, Cin, K].</summary>
    public Parameter Weight { get; }
    /// <summary>Bias [Cout], or null without one.</summary>
    public Parameter? Bias { get; }
    /// <summary>Cin: input channels.</summary>
    public int InChannels { get; }
    /// <summary>Cout: output channels.</summary>
    public int OutChannels { get; }
    /// <summary>K: kernel taps.</summary>
    public int KernelSize { get; }
    /// <summary>Step between output positions.</summary>
    public int Stride { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }
    /// <summary>Zeros padded on the left of the input.</summary>
    public int PadLeft { get; }
    /// <summary>
    /// The output feeds a winner-take-all (the encoder), so the gradient that comes back is zero outside the winners:
    /// every geometry says so (<see cref="ConvGeometry.OutputIsSparseCode"/>), for backends that cannot look.
    /// </summary>
    public bool OutputIsSparseCode { get; init; }
    private Tensor? _input, _output, _inputGradient;

    /// <summary>
    /// Declares the weight (and bias) in <paramref name="parameters"/> as <paramref name="name"/>.weight and .bias.
    /// </summary>
    public Conv1d(IComputeBackend backend, ParameterSet parameters, string name, int inChannels, int outChannels,
        int kernelSize, int stride = 1, int dilation = 1, int padLeft = 0, bool bias = true)
    {
        _backend = backend;
        (InChannels, OutChannels, KernelSize, Stride, Dilation, PadLeft) = (inChannels, outChannels, kernelSize, stride,
            dilation, padLeft);
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize);
        Weight = parameters.Declare($"{name}.weight", [outChannels, inChannels, kernelSize], bound);
        Bias = bias ? parameters.Declare($"{name}.bias", [outChannels], bound) : null;
    }

    /// <summary>A causal conv: left padding (K-1)*dilation, so y[t] sees only x[..t].</summary>
    public static Conv1d Causal(IComputeBackend backend, ParameterSet parameters, string name, int inChannels,
        int outChannels, int kernelSize, int dilation)
        => new(backend, parameters, name, inChannels, outChannels, kernelSize, 1, dilation,
            (kernelSize - 1) * dilation);

    /// <summary>
    /// The geometry of this convolution over <paramref name="input"/>; a wrong channel count is an error.
    /// </summary>
    public ConvGeometry GeometryFor(Tensor input)
    {
        if (input.Channels != InChannels)
            throw new ArgumentException($"Conv1d expects {InChannels} input channels, got a tensor {input}");
        return new ConvGeometry(input.Batch, InChannels, OutChannels, input.Length, KernelSize, Stride, Dilation,
            PadLeft) { OutputIsSparseCode = OutputIsSparseCode, InputNonZeros = input.NonZeros };
    }

    /// <summary>Forward: x[B, Cin, T] -> y[B, Cout, Tout].</summary>
    public Tensor Forward(Tensor input)
    {
        var (g, output) = BeginForward(input);
        _backend.Conv1dForward(g, input.Buffer, Weight.Value, Bias?.Value, output.Buffer);
        return output;
    }

    /// <summary>
    /// For a forward computed by a fused op (<see cref="Sparsifier.ForwardThrough"/>): remembers the input for
    /// <see cref="Backward"/> and returns the geometry and the output tensor y[B, Cout, Tout] the op must fill.
    /// </summary>
    internal (ConvGeometry Geometry, Tensor Output) BeginForward(Tensor input)
    {
        var g = GeometryFor(input);
        _input = input;
        return (g, Activations.Ensure(_backend, ref _output, g.Batch, OutChannels, g.OutLength));
    }

    /// <summary>
    /// Backward: dy[B, Cout, Tout] -> dx[B, Cin, T] (null when not needed); writes dW and db over what they held.
    /// </summary>
    public Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Conv1d.Backward before Forward");
        var g = GeometryFor(input) with { OutputNonZerosPerColumn = outputGradient.NonZerosPerColumn };
        _backend.Conv1dBackwardWeight(g, input.Buffer, outputGradient.Buffer, Weight.Gradient, accumulate: false);
        if (Bias is not null)
            _backend.BiasBackward(g.Batch, OutChannels, g.OutLength, outputGradient.Buffer, Bias.Gradient,
                accumulate: false);
        if (!needInputGradient) return null;
        var inputGradient = Activations.Ensure(_backend, ref _inputGradient, input.Batch, InChannels, input.Length);
        _backend.Conv1dBackwardInput(g, outputGradient.Buffer, Weight.Value, inputGradient.Buffer, accumulate: false);
        return inputGradient;
    }
}
