namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Where the logical element (row, col) of a GEMM operand lives in its buffer. The tiled GEMM kernel is generic
/// over these structs, so one kernel reads plain matrices, frames of a signal and convolution patches alike:
/// convolutions become GEMMs without materialising im2row buffers.
/// </summary>
internal interface IMatrixLayout
{
    /// <summary>
    /// The buffer index of (row, col), or -1 where the element is an implicit zero (convolution padding).
    /// </summary>
    int IndexOf(int row, int col);

    /// <summary>
    /// True when consecutive rows are adjacent in memory; tiles are then read row-fastest, so loads coalesce.
    /// </summary>
    bool RowsContiguous { get; }

    /// <summary>
    /// How many elements along the fast axis (rows when <see cref="RowsContiguous"/>, else columns), from a coordinate
    /// that is a multiple of this count, lie adjacent in memory with the first at an index that is a multiple of it:
    /// <see cref="VectorRuns.Width"/> lets the register-blocked GEMM read them as one 16-byte load, 1 promises nothing.
    /// </summary>
    int ContiguousRun { get; }
}

/// <summary>A dense row-major matrix with <see cref="Columns"/> columns: (r, c) -> r * Columns + c.</summary>
internal readonly record struct RowMajor(int Columns) : IMatrixLayout
{
    public int IndexOf(int row, int col) => row * Columns + col;
    public bool RowsContiguous => false;
    public int ContiguousRun => VectorRuns.Within(Columns);
}

/// <summary>The transpose of another layout: (r, c) reads the inner layout's (c, r).</summary>
internal readonly record struct Transposed<TInner>(TInner Inner) : IMatrixLayout where TInner : struct, IMatrixLayout
{
    public int IndexOf(int row, int col) => Inner.IndexOf(col, row);
    public bool RowsContiguous => !Inner.RowsContiguous;
    public int ContiguousRun => Inner.ContiguousRun;
}

/// <summary>
/// A signal s[B, Channels, Length] seen as the matrix [(b, t), channel]: (b*Length + t, ch) -> (b*Channels + ch)*Length
/// + t. Conv outputs are written through it; the code z[B, N, L] is read through it as rows of code columns.
/// </summary>
internal readonly record struct SignalRows(int Channels, int Length) : IMatrixLayout
{
    public int IndexOf(int row, int col)
    {
        int b = row / Length, t = row - b * Length;
        return (b * Channels + col) * Length + t;
    }

    public bool RowsContiguous => true;
    public int ContiguousRun => VectorRuns.Within(Length);
}

/// <summary>
/// Non-overlapping frames of x[B, Channels, Frames*Kernel] as H[(b, l), (c, j)] = x[b, c, l*Kernel + j]
/// (DESIGN section 2: the stride = kernel fast path).
/// </summary>
internal readonly record struct Frames(int Channels, int FrameCount, int Kernel) : IMatrixLayout
{
    public int IndexOf(int row, int col)
    {
        int b = row / FrameCount, l = row - b * FrameCount;
        int c = col / Kernel, j = col - c * Kernel;
        return (b * Channels + c) * FrameCount * Kernel + l * Kernel + j;
    }

    public bool RowsContiguous => false;
    public int ContiguousRun => VectorRuns.Within(Kernel);
}

/// <summary>
/// Convolution patches of x[B, Cin, Tin] as X[(b, t), (c, j)] = x[b, c, t*Stride + j*Dilation - PadLeft], zero outside
/// [0, Tin): conv forward is X · Wᵀ, the weight gradient dYᵀ · X.
/// </summary>
internal readonly record struct ConvPatches(int InChannels, int InLength, int OutLength, int KernelSize, int Stride,
    int Dilation, int PadLeft) : IMatrixLayout
{
    public ConvPatches(in ConvGeometry g)
        : this(g.InChannels, g.InLength, g.OutLength, g.KernelSize, g.Stride, g.Dilation, g.PadLeft) { }

    public int IndexOf(int row, int col)
    {
        int b = row / OutLength, t = row - b * OutLength;
        int c = col / KernelSize, j = col - c * KernelSize;
        int source = t * Stride + j * Dilation - PadLeft;
        return source < 0 || source >= InLength ? -1 : (b * InChannels + c) * InLength + source;
    }

    public bool RowsContiguous => Stride == 1;

    // A run of output steps starts wherever the tap's offset j*Dilation - PadLeft puts it: no alignment to promise.
    public int ContiguousRun => 1;
}

/// <summary>
/// The adjoint patches of dy[B, Cout, Tout] as D[(b, i), (o, j)] = dy[b, o, t] where t*Stride = i + PadLeft -
/// j*Dilation, zero where no output step t reads input step i through tap j: the input gradient is D · (w as [(o, j),
/// c]).
/// </summary>
internal readonly record struct ConvAdjointPatches(int OutChannels, int InLength, int OutLength, int KernelSize,
    int Stride, int Dilation, int PadLeft) : IMatrixLayout
{
    public ConvAdjointPatches(in ConvGeometry g)
        : this(g.OutChannels, g.InLength, g.OutLength, g.KernelSize, g.Stride, g.Dilation, g.PadLeft) { }

    public int IndexOf(int row, int col)
    {
        int b = row / InLength, i = row - b * InLength;
        int o = col / KernelSize, j = col - o * KernelSize;
        int shifted = i + PadLeft - j * Dilation;
        if (shifted < 0) return -1;
        int t = shifted / Stride;
        return t * Stride != shifted || t >= OutLength ? -1 : (b * OutChannels + o) * OutLength + t;
    }

    public bool RowsContiguous => Stride == 1;

    // Shifted by the tap and cut by zero padding: no alignment to promise.
    public int ContiguousRun => 1;
}

/// <summary>
/// A conv weight w[Cout, Cin, Kw] as the matrix [(o, j), c] = w[o, c, j], the right factor of the input gradient.
/// </summary>
internal readonly record struct KernelTaps(int InChannels, int KernelSize) : IMatrixLayout
{
    public int IndexOf(int row, int col)
    {
        int o = row / KernelSize, j = row - o * KernelSize;
        return (o * InChannels + col) * KernelSize + j;
    }

    public bool RowsContiguous => KernelSize > 1;
    public int ContiguousRun => VectorRuns.Within(KernelSize > 1 ? KernelSize : InChannels);
}
