namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// A convolution's windows of one signal s[channels, Length] as a GEMM operand, without an im2col copy:
/// X[t, (c,j)] = s[c, t*Stride + Direction*j*Dilation + Shift], zero outside [0, Length). With Direction = +1 and
/// Shift = -pad it is the forward's input windows; with Direction = -1 and Shift = +pad (stride 1), the input
/// gradient's windows of dy. Packing copies one contiguous run of the signal per depth step (for non-overlapping
/// frames, Stride = Kw, where the windows never leave the signal, eight frames by eight taps per AVX transpose).
/// </summary>
public readonly record struct SignalWindows(float[] Data, int Offset, int Length, int KernelSize, int Dilation,
    int Shift, int Direction, int Stride = 1) : IGemmOperand
{
    /// <inheritdoc />
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        if (Stride != 1)
        {
            PackFrames(first, count, p0, depth, packed, width);
            return;
        }
        for (int p = 0; p < depth; p++)
        {
            int c = (p0 + p) / KernelSize, j = (p0 + p) % KernelSize;
            int start = first + Direction * j * Dilation + Shift;   // signal index of free index `first`
            var row = packed.Slice(p * width, count);
            int from = Math.Clamp(-start, 0, count), to = Math.Clamp(Length - start, from, count);
            row[..from].Clear();
            PanelRow.Copy(Data.AsSpan(Offset + c * Length + start + from, to - from), row[from..]);
            row[to..].Clear();
        }
    }

    /// <inheritdoc />
    public (int First, int End) RowsInPlace(int p0, int depth, Span<int> rowStarts)
    {
        if (Stride != 1) return (0, 0);
        int first = 0, end = int.MaxValue;
        for (int p = 0; p < depth; p++)
        {
            int c = (p0 + p) / KernelSize, shift = Direction * ((p0 + p) % KernelSize) * Dilation + Shift;
            rowStarts[p] = Offset + c * Length + shift;
            (first, end) = (Math.Max(first, -shift), Math.Min(end, Length - shift));
        }
        return (first, end);
    }

    // Non-overlapping frames, which never leave the signal: frame t's taps (c, j) are a contiguous run of channel c,
    // so eight frames by eight taps of one channel are one AVX transpose; the rest is copied element by element.
    private void PackFrames(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        Span<int> starts = stackalloc int[8];
        int i = 0;
        if (PanelTranspose.IsAccelerated && Dilation == 1 && Direction == 1)
            for (; i + 8 <= count; i += 8)
                for (int p = 0; p < depth;)
                {
                    int c = (p0 + p) / KernelSize, j = (p0 + p) % KernelSize;
                    if (j + 8 > KernelSize || p + 8 > depth)
                    {
                        for (int r = 0; r < 8; r++) packed[p * width + i + r] = Data[FrameIndex(c, j, first + i + r)];
                        p++;
                        continue;
                    }
                    for (int r = 0; r < 8; r++) starts[r] = FrameIndex(c, j, first + i + r);
                    PanelTranspose.Block8x8(Data, starts, packed, width, p, i);
                    p += 8;
                }
        for (; i < count; i++)
            for (int p = 0; p < depth; p++)
                packed[p * width + i] = Data[FrameIndex((p0 + p) / KernelSize, (p0 + p) % KernelSize, first + i)];
    }

    // where tap (c, j) of frame t lies in Data
    private int FrameIndex(int c, int j, int t) => Offset + c * Length + t * Stride + Direction * j * Dilation + Shift;
}

/// <summary>
/// The same windows transposed, for the weight gradient: X[(c,j), t] = s[c, t*Stride + j*Dilation + Shift], zero
/// outside [0, Length); depth runs over time, so each (c,j) line is a contiguous run of the signal. Packing is a
/// transpose: eight lines at a time with <see cref="PanelTranspose"/> where all eight lie inside the signal, element by
/// element elsewhere. Non-overlapping frames (which never leave the signal) need none: a channel's taps at one time
/// step are already side by side.
/// </summary>
public readonly record struct SignalWindowsByTime(float[] Data, int Offset, int Length, int KernelSize, int Dilation,
    int Shift, int Stride = 1) : IGemmOperand
{
    /// <inheritdoc />
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        if (Stride != 1)
        {
            PackFrames(first, count, p0, depth, packed, width);
            return;
        }
        int i = 0;
        if (PanelTranspose.IsAccelerated)
            for (; i + 8 <= count; i += 8) PackEightLines(first, i, p0, depth, packed, width);
        for (; i < count; i++) PackLine(first, i, p0, 0, depth, packed, width);
    }

    /// <inheritdoc />
    public (int First, int End) RowsInPlace(int p0, int depth, Span<int> rowStarts) => (0, 0);

    // Non-overlapping frames (stride = kernel, dilation 1, inside the signal): lines (c, j), (c, j+1), ... of one
    // channel read consecutive floats at every depth step, so each run of them is one contiguous copy per step.
    private void PackFrames(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int i = 0; i < count;)
        {
            int run = Math.Min(count - i, KernelSize - (first + i) % KernelSize);
            int start = StartOf(first + i, p0);
            for (int p = 0; p < depth; p++)
                PanelRow.Copy(Data.AsSpan(start + p * Stride, run), packed.Slice(p * width + i, run));
            i += run;
        }
    }

    // signal index of line `line` at depth step p0
    private int StartOf(int line, int p0)
        => Offset + line / KernelSize * Length + p0 * Stride + line % KernelSize * Dilation + Shift;

    // the depth steps [pFrom, pTo) of panel line i (free index first + i): copied, or zero outside the signal
    private void PackLine(int first, int i, int p0, int pFrom, int pTo, Span<float> packed, int width)
    {
        int start = StartOf(first + i, p0), signal = Offset + (first + i) / KernelSize * Length;
        for (int p = pFrom; p < pTo; p++)
        {
            int at = start + p;   // stride 1
            packed[p * width + i] = at >= signal && at < signal + Length ? Data[at] : 0f;
        }
    }

    // lines i .. i+7: 8 x 8 transposes over the depth steps where all eight lie inside the signal, PackLine around them
    private void PackEightLines(int first, int i, int p0, int depth, Span<float> packed, int width)
    {
        Span<int> starts = stackalloc int[8];
        int inside = 0, insideEnd = depth;
        for (int r = 0; r < 8; r++)
        {
            starts[r] = StartOf(first + i + r, p0);
            int signal = Offset + (first + i + r) / KernelSize * Length;
            inside = Math.Max(inside, signal - starts[r]);
            insideEnd = Math.Min(insideEnd, signal + Length - starts[r]);
        }
        int blocksEnd = inside + Math.Max(0, insideEnd - inside) / 8 * 8;
        for (int r = 0; r < 8; r++) starts[r] += inside;
        for (int p = inside; p < blocksEnd; p += 8)
        {
            PanelTranspose.Block8x8(Data, starts, packed, width, p, i);
            for (int r = 0; r < 8; r++) starts[r] += 8;
        }
        for (int r = 0; r < 8; r++)
        {
            PackLine(first, i + r, p0, 0, Math.Min(inside, depth), packed, width);
            PackLine(first, i + r, p0, Math.Max(blocksEnd, inside), depth, packed, width);
        }
    }
}

/// <summary>
/// A conv weight w[Cout, Cin, Kw] read for the input gradient: X[c, (o,j)] = w[o, c, j].
/// </summary>
public readonly record struct KernelTapsByInput(float[] Data, int Offset, int InChannels, int KernelSize) : IGemmOperand
{
    /// <inheritdoc />
    public (int First, int End) RowsInPlace(int p0, int depth, Span<int> rowStarts) => (0, 0);

    /// <inheritdoc />
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int p = 0; p < depth; p++)
        {
            int o = (p0 + p) / KernelSize, j = (p0 + p) % KernelSize;
            int start = Offset + (o * InChannels + first) * KernelSize + j;
            for (int i = 0; i < count; i++) packed[p * width + i] = Data[start + i * KernelSize];
        }
    }
}
