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
        var code = Activations.Ensure(backend, ref _code, z.Batch, z.Channels, z.Length);
        var mask = Activations.Ensure(backend, ref _mask, z.Batch, z.Channels, z.Length);
        switch (Kind)
        {
            case SparsityKind.ChannelTopK: backend.TopKChannels(z.Batch, z.Channels, z.Length, K, z.Buffer, code.Buffer, mask.Buffer); break;
            case SparsityKind.Spatial: backend.SpatialWinners(z.Batch, z.Channels, z.Length, z.Buffer, code.Buffer, mask.Buffer); break;
            case SparsityKind.Lifetime: backend.LifetimeWinners(z.Batch, z.Channels, z.Length, LifetimeRate, z.Buffer, code.Buffer, mask.Buffer); break;
            default: throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown sparsifier");
        }
        return code;
    }

    /// <summary>Backward: dcode[B, N, L] -> dz[B, N, L].</summary>
    public Tensor Backward(Tensor codeGradient)
    {
        var mask = Mask;
        var inputGradient = Activations.Ensure(backend, ref _inputGradient, mask.Batch, mask.Channels, mask.Length);
        backend.Multiply(codeGradient.Buffer, mask.Buffer, inputGradient.Buffer);
        return inputGradient;
    }
}
