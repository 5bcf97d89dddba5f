using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Layers;

/// <summary>
/// One TCN block (DESIGN section 2): x[B, Cin, T] -> out[B, W, T]
///   h1  = relu(conv1(x))        causal dilated Conv1d Cin -> W, kernel kt, bias
///   h2  = relu(conv2(h1))       causal dilated Conv1d W -> W, kernel kt, bias
///   out = relu(h2 + res(x))     res = 1x1 Conv1d Cin -> W with bias when Cin != W, else identity
/// </summary>
public sealed class TcnBlock
{
    private readonly IComputeBackend _backend;
    private readonly Conv1d _conv1, _conv2;
    private readonly Conv1d? _residual;
    private readonly Relu _relu1, _relu2, _reluOut;
    private Tensor? _sum;

    /// <summary>Cin: input channels.</summary>
    public int InChannels { get; }
    /// <summary>W: the block's width (output channels).</summary>
    public int Width { get; }

    /// <summary>
    /// Declares the block's convolutions in <paramref name="parameters"/> under <paramref name="name"/>.
    /// </summary>
    public TcnBlock(IComputeBackend backend, ParameterSet parameters, string name, int inChannels, int width,
        int kernelSize, int dilation)
    {
        _backend = backend;
        (InChannels, Width) = (inChannels, width);
        _conv1 = Conv1d.Causal(backend, parameters, $"{name}.conv1", inChannels, width, kernelSize, dilation);
        _conv2 = Conv1d.Causal(backend, parameters, $"{name}.conv2", width, width, kernelSize, dilation);
        _residual = inChannels != width ? new Conv1d(backend, parameters, $"{name}.residual", inChannels, width, 1)
            : null;
        (_relu1, _relu2, _reluOut) = (new Relu(backend), new Relu(backend), new Relu(backend));
    }

    /// <summary>Forward: x[B, Cin, T] -> out[B, W, T].</summary>
    public Tensor Forward(Tensor input)
    {
        var h2 = _relu2.Forward(_conv2.Forward(_relu1.Forward(_conv1.Forward(input))));
        var residual = _residual?.Forward(input) ?? input;
        var sum = Activations.Ensure(_backend, ref _sum, h2.Batch, Width, h2.Length);
        _backend.Add(h2.Buffer, residual.Buffer, sum.Buffer);
        return _reluOut.Forward(sum);
    }

    /// <summary>
    /// Backward: dout[B, W, T] -> dx[B, Cin, T] (null when not needed); writes every parameter gradient over what it
    /// held.
    /// </summary>
    public Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var sumGradient = _reluOut.Backward(outputGradient);
        var h1Gradient = _conv2.Backward(_relu2.Backward(sumGradient), needInputGradient: true)!;
        var inputGradient = _conv1.Backward(_relu1.Backward(h1Gradient), needInputGradient);
        var residualGradient = _residual is null ? sumGradient : _residual.Backward(sumGradient, needInputGradient);
        if (inputGradient is not null) _backend.AddInto(residualGradient!.Buffer, inputGradient.Buffer);
        return inputGradient;
    }
}
