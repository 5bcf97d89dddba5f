using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Layers;

/// <summary>ReLU: x[B, C, T] -> y = max(x, 0); backward dx = dy where y &gt; 0.</summary>
public sealed class Relu(IComputeBackend backend)
{
    private Tensor? _output, _inputGradient;

    /// <summary>Forward: x[B, C, T] -> y[B, C, T].</summary>
    public Tensor Forward(Tensor input)
    {
        var output = Activations.Ensure(backend, ref _output, input.Batch, input.Channels, input.Length);
        backend.ReluForward(input.Buffer, output.Buffer);
        return output;
    }

    /// <summary>Backward: dy[B, C, T] -> dx[B, C, T].</summary>
    public Tensor Backward(Tensor outputGradient)
    {
        var output = _output ?? throw new InvalidOperationException("Relu.Backward before Forward");
        var inputGradient = Activations.Ensure(backend, ref _inputGradient, output.Batch, output.Channels,
            output.Length);
        backend.ReluBackward(output.Buffer, outputGradient.Buffer, inputGradient.Buffer, accumulate: false);
        return inputGradient;
    }
}
