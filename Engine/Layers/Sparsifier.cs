using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Layers;

/// <summary>
/// The winner-take-all between encoder and decoder: z[B, N, L] -> code = z * mask, mask in {0, 1}
/// (channel top-k, spatial or lifetime; DESIGN section 2). Backward: dz = dcode * mask.
/// <see cref="K"/> may change between steps (the decaying-k schedule) or at encode time.
/// </summary>
public sealed class Sparsifier(IComputeBackend backend, SparsityKind kind, int k, float lifetimeRate)
{
    private Tensor? _code, _mask, _inputGradient;

    /// <summary>Which winner-take-all this is.</summary>
    public SparsityKind Kind { get; } = kind;
    /// <summary>k of channel top-k; may change between steps.</summary>
    public int K { get; set; } = k;
    /// <summary>Fraction of winners kept per atom under lifetime sparsity.</summary>
    public float LifetimeRate { get; } = lifetimeRate;

    /// <summary>The 0/1 mask of the last forward pass, [B, N, L].</summary>
    public Tensor Mask => _mask ?? throw new InvalidOperationException("no forward pass has run yet");

    /// <summary>Forward: z[B, N, L] -> code[B, N, L].</summary>
    public Tensor Forward(Tensor z)
    {
        var (code, mask) = Outputs(z);
        switch (Kind)
        {
            case SparsityKind.ChannelTopK:
                backend.TopKChannels(z.Batch, z.Channels, z.Length, K, z.Buffer, code.Buffer, mask.Buffer);
                break;
            case SparsityKind.Spatial:
                backend.SpatialWinners(z.Batch, z.Channels, z.Length, z.Buffer, code.Buffer, mask.Buffer);
                break;
            case SparsityKind.Lifetime:
                backend.LifetimeWinners(z.Batch, z.Channels, z.Length, LifetimeRate, z.Buffer, code.Buffer,
                    mask.Buffer);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown sparsifier");
        }
        return Bounded(code, mask);
    }

    /// <summary>
    /// Forward fused into the bias-free encoder that produces z: x[B, C', T] -> code[B, N, L] = top-k(encoder(x)) in
    /// one backend op (<see cref="IComputeBackend.Conv1dForwardTopKChannels"/>). Channel top-k only. Afterwards both
    /// layers' backward passes work as after their own forwards.
    /// </summary>
    public Tensor ForwardThrough(Conv1d encoder, Tensor input)
    {
        if (Kind != SparsityKind.ChannelTopK)
            throw new InvalidOperationException($"only channel top-k fuses into the encoder, not {Kind}");
        if (encoder.Bias is not null)
            throw new InvalidOperationException("only an encoder without bias fuses with channel top-k");
        var (g, z) = encoder.BeginForward(input);
        var (code, mask) = Outputs(z);
        backend.Conv1dForwardTopKChannels(g, input.Buffer, encoder.Weight.Value, K, z.Buffer, code.Buffer, mask.Buffer);
        return Bounded(code, mask);
    }

    // the code and its mask hold at most k non-zeros a column under channel top-k; spatial and lifetime winners are
    // chosen along time, so a column may keep any number
    private Tensor Bounded(Tensor code, Tensor mask)
    {
        code.NonZerosPerColumn = mask.NonZerosPerColumn = Kind == SparsityKind.ChannelTopK ? K : 0;
        return code;
    }

    // code and mask [B, N, L], shaped like z
    private (Tensor Code, Tensor Mask) Outputs(Tensor z)
        => (Activations.Ensure(backend, ref _code, z.Batch, z.Channels, z.Length),
            Activations.Ensure(backend, ref _mask, z.Batch, z.Channels, z.Length));

    /// <summary>Backward: dcode[B, N, L] -> dz[B, N, L].</summary>
    public Tensor Backward(Tensor codeGradient)
    {
        var mask = Mask;
        var inputGradient = Activations.Ensure(backend, ref _inputGradient, mask.Batch, mask.Channels, mask.Length);
        backend.Multiply(codeGradient.Buffer, mask.Buffer, inputGradient.Buffer);
        inputGradient.NonZerosPerColumn = mask.NonZerosPerColumn;
        return inputGradient;
    }
}
