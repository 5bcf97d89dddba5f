using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Layers;

/// <summary>
/// ConvTranspose1d (no padding, no bias): code[B, Cin, L] -> y[B, Cout, T] with T = (L-1)*stride + K,
/// weight [Cin, Cout, K] (PyTorch's layout); y[b, o, l*stride + j] += sum_c code[b,c,l] w[c,o,j].
/// It is the adjoint of the Conv1d y -> code with the same weight, so it reuses that conv's kernels:
/// forward = Conv1d's input gradient, input gradient = Conv1d's forward, weight gradient = Conv1d's weight
/// gradient with the roles of input and output swapped.
/// </summary>
public sealed class ConvTranspose1d
{
    private readonly IComputeBackend _backend;
    /// <summary>Weight [Cin, Cout, K] (PyTorch's ConvTranspose1d layout).</summary>
    public Parameter Weight { get; }
    /// <summary>Cin: input (code) channels.</summary>
    public int InChannels { get; }
    /// <summary>Cout: output channels.</summary>
    public int OutChannels { get; }
    /// <summary>K: kernel taps.</summary>
    public int KernelSize { get; }
    /// <summary>Step between input positions in the output.</summary>
    public int Stride { get; }
    private Tensor? _input, _output, _inputGradient;

    /// <summary>Declares the weight in <paramref name="parameters"/> as <paramref name="name"/>.weight.</summary>
    public ConvTranspose1d(IComputeBackend backend, ParameterSet parameters, string name, int inChannels,
        int outChannels, int kernelSize, int stride)
    {
        _backend = backend;
        (InChannels, OutChannels, KernelSize, Stride) = (inChannels, outChannels, kernelSize, stride);
        Weight = parameters.Declare($"{name}.weight", [inChannels, outChannels, kernelSize],
            1f / MathF.Sqrt(outChannels * kernelSize));
    }

    /// <summary>Output steps for <paramref name="inputLength"/> input steps: (L - 1) * stride + K.</summary>
    public int OutputLength(int inputLength) => (inputLength - 1) * Stride + KernelSize;

    // The adjoint Conv1d: [B, Cout, T] -> [B, Cin, L], whose output side is the code this layer decodes
    private ConvGeometry AdjointGeometry(Tensor input)
    {
        if (input.Channels != InChannels)
            throw new ArgumentException($"ConvTranspose1d expects {InChannels} input channels, got a tensor {input}");
        return new ConvGeometry(input.Batch, OutChannels, InChannels, OutputLength(input.Length), KernelSize, Stride)
            { OutputIsSparseCode = true, OutputNonZerosPerColumn = input.NonZerosPerColumn };
    }

    /// <summary>Forward: code[B, Cin, L] -> y[B, Cout, T].</summary>
    public Tensor Forward(Tensor input)
    {
        var (g, output) = BeginForward(input);
        _backend.Conv1dBackwardInput(g, input.Buffer, Weight.Value, output.Buffer, accumulate: false);
        return output;
    }

    /// <summary>
    /// Forward fused with the loss: code[B, Cin, L] -> y[B, Cout, T], and the <paramref name="loss"/> of y against
    /// target [B, Cout, T] over the steps timeMask [B, T] keeps (all when null), its gradient dloss/dy written into
    /// <paramref name="gradient"/> [B, Cout, T], in one backend op
    /// (<see cref="IComputeBackend.Conv1dBackwardInputWithLoss"/>).
    /// </summary>
    public (Tensor Output, float Loss) ForwardWithLoss(Tensor input, LossSpec loss, Tensor target,
        DeviceBuffer? timeMask, Tensor gradient)
    {
        var (g, output) = BeginForwardWithLoss(input, target, gradient);
        return (output,
            _backend.Conv1dBackwardInputWithLoss(g, input.Buffer, Weight.Value, loss, target.Buffer, timeMask,
            output.Buffer, gradient.Buffer));
    }

    /// <summary>
    /// <see cref="ForwardWithLoss"/> with the loss left on the device, in lossSlot[0] (one element), so the host need
    /// not wait for it.
    /// </summary>
    public Tensor ForwardWithDeviceLoss(Tensor input, LossSpec loss, Tensor target, DeviceBuffer? timeMask,
        Tensor gradient, DeviceBuffer lossSlot)
    {
        var (g, output) = BeginForwardWithLoss(input, target, gradient);
        _backend.Conv1dBackwardInputWithDeviceLoss(g, input.Buffer, Weight.Value, loss, target.Buffer, timeMask,
            output.Buffer, gradient.Buffer, lossSlot);
        return output;
    }

    // BeginForward, with target and gradient checked against the output y[B, Cout, T]
    private (ConvGeometry Geometry, Tensor Output) BeginForwardWithLoss(Tensor input, Tensor target, Tensor gradient)
    {
        var (g, output) = BeginForward(input);
        if (!target.HasShape(output.Batch, output.Channels, output.Length)
            || !gradient.HasShape(output.Batch, output.Channels, output.Length))
            throw new ArgumentException(
                $"the target {target} and gradient {gradient} must match the reconstruction {output}");
        return (g, output);
    }

    // remembers the input for Backward; the adjoint geometry and the output y[B, Cout, T]
    private (ConvGeometry Geometry, Tensor Output) BeginForward(Tensor input)
    {
        var g = AdjointGeometry(input);
        _input = input;
        return (g, Activations.Ensure(_backend, ref _output, input.Batch, OutChannels, g.InLength));
    }

    /// <summary>
    /// Backward: dy[B, Cout, T] -> dcode[B, Cin, L]; writes dW over what it held. With the winner mask [B, Cin, L] of
    /// the code this decoded, returns dz = dcode * mask instead, the gradient behind the mask, computed only where it
    /// keeps a value (<see cref="IComputeBackend.Conv1dForwardMasked"/>).
    /// </summary>
    public Tensor Backward(Tensor outputGradient, Tensor? inputMask = null)
    {
        var input = _input ?? throw new InvalidOperationException("ConvTranspose1d.Backward before Forward");
        var g = AdjointGeometry(input);
        _backend.Conv1dBackwardWeight(g, outputGradient.Buffer, input.Buffer, Weight.Gradient, accumulate: false);
        var inputGradient = Activations.Ensure(_backend, ref _inputGradient, input.Batch, InChannels, input.Length);
        if (inputMask is null)
            _backend.Conv1dForward(g, outputGradient.Buffer, Weight.Value, null, inputGradient.Buffer);
        else
            _backend.Conv1dForwardMasked(g, outputGradient.Buffer, Weight.Value, inputMask.Buffer,
                inputGradient.Buffer);
        inputGradient.NonZerosPerColumn = inputMask?.NonZerosPerColumn ?? 0;
        return inputGradient;
    }
}
