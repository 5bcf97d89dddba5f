namespace TcnWtaNative.Kernels;

/// <summary>
/// The shape of one 1-D convolution, PyTorch's Conv1d semantics:
/// x[B, Cin, Tin] * w[Cout, Cin, Kw] -> y[B, Cout, Tout] with
/// y[b,o,t] = sum_{c,j} w[o,c,j] * x[b, c, t*Stride + j*Dilation - PadLeft] (zero outside [0, Tin)).
/// Causal convolutions use PadLeft = (Kw-1)*Dilation and PadRight = 0.
/// ConvTranspose1d with weight [Cin', Cout', Kw] is the adjoint of the Conv1d with Cout = Cin', Cin = Cout'.
/// </summary>
public readonly record struct ConvGeometry(
    int Batch, int InChannels, int OutChannels, int InLength, int KernelSize,
    int Stride = 1, int Dilation = 1, int PadLeft = 0, int PadRight = 0)
{
    /// <summary>Tout = floor((Tin + PadLeft + PadRight - Dilation*(Kw-1) - 1) / Stride) + 1.</summary>
    public int OutLength => (InLength + PadLeft + PadRight - Dilation * (KernelSize - 1) - 1) / Stride + 1;

    /// <summary>
    /// Stride equals kernel, no dilation or padding, Tin a multiple of Kw: every input sample lies in exactly one
    /// frame.
    /// </summary>
    public bool IsNonOverlappingFrames =>
        Stride == KernelSize && Dilation == 1 && PadLeft == 0 && PadRight == 0 && InLength % KernelSize == 0;

    /// <summary>
    /// A hint: the [B, Cout, Tout] side holds a winner-take-all code, or a gradient behind the winner mask, so most of
    /// it is zero. A backend that cannot cheaply look (a GPU, without waiting for it) may then run the products of
    /// non-overlapping frames over its non-zeros only; any values still give the exact result.
    /// </summary>
    public bool OutputIsSparseCode { get; init; }

    /// <summary>
    /// A bound beside <see cref="OutputIsSparseCode"/>: at most this many of each column y[b, :, t]'s Cout values are
    /// non-zero (channel top-k's k, for its code, its mask and the gradient behind that mask); 0 when not known. A
    /// backend that counts a code's non-zeros to choose its path may skip the count where the bound settles it; any
    /// values still give the exact result.
    /// </summary>
    public int OutputNonZerosPerColumn { get; init; }

    /// <summary>
    /// Whether <see cref="OutputNonZerosPerColumn"/> alone shows that at most <paramref name="share"/> of the
    /// [B, Cout, Tout] side is non-zero.
    /// </summary>
    public bool OutputBoundIsWithin(double share)
        => OutputNonZerosPerColumn > 0 && OutputNonZerosPerColumn <= share * OutChannels;

    /// <summary>
    /// A hint: how many of x's values are non-zero, as counted by whoever filled it (one-hot events, a drum grid's
    /// hits); null when not counted. A backend that cannot cheaply look may run the forward and the weight gradient
    /// over x's non-zeros when x is <see cref="Sparseness.Sparse"/> (<see cref="InputSparseness"/>); one that looks
    /// may skip its count, whatever share each of its paths wants (<see cref="InputNonZerosWithin"/>). Any values
    /// still give the exact result.
    /// </summary>
    public long? InputNonZeros { get; init; }

    /// <summary>What <see cref="InputNonZeros"/> says against <see cref="SparseInputMostNonZeros"/>: unknown without a
    /// count.</summary>
    public Sparseness InputSparseness
        => InputNonZeros is { } count ? NonZeroShare.SparsenessOf(count, InputSize) : Sparseness.Unknown;

    /// <summary>
    /// Whether <see cref="InputNonZeros"/> shows that at most <paramref name="share"/> of x is non-zero; null when
    /// x was not counted.
    /// </summary>
    public bool? InputNonZerosWithin(double share)
        => InputNonZeros is { } count ? count <= NonZeroShare.Limit(InputSize, share) : null;

    /// <summary>x is known to be sparse (<see cref="InputSparseness"/>).</summary>
    public bool InputIsSparse => InputSparseness == Sparseness.Sparse;

    /// <summary>The largest share of non-zeros for which an input counts as sparse (<see cref="InputIsSparse"/>).
    /// </summary>
    public const double SparseInputMostNonZeros = 1.0 / 16;

    /// <summary>Elements of x: B*Cin*Tin.</summary>
    public int InputSize => Batch * InChannels * InLength;

    /// <summary>Elements of y: B*Cout*Tout.</summary>
    public int OutputSize => Batch * OutChannels * OutLength;

    /// <summary>Elements of w: Cout*Cin*Kw.</summary>
    public int WeightSize => OutChannels * InChannels * KernelSize;

    /// <summary>Multiply-adds of the forward pass (each backward pass costs the same).</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutLength * InChannels * KernelSize;

    /// <summary>Throws a clear error for impossible geometry.</summary>
    public void Validate()
    {
        if (Batch < 1 || InChannels < 1 || OutChannels < 1 || InLength < 1 || KernelSize < 1)
            throw new ArgumentException($"conv sizes must be positive: {this}");
        if (Stride < 1 || Dilation < 1 || PadLeft < 0 || PadRight < 0)
            throw new ArgumentException($"conv stride and dilation must be >= 1 and padding >= 0: {this}");
        if (InLength + PadLeft + PadRight < Dilation * (KernelSize - 1) + 1)
            throw new ArgumentException($"conv input of length {InLength} is shorter than its receptive field: {this}");
    }
}
