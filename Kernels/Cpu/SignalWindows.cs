namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// A convolution's windows of one signal s[channels, Length] as a GEMM operand, without an im2col copy:
/// X[t, (c,j)] = s[c, t*Stride + Direction*j*Dilation + Shift], zero outside [0, Length). With Direction = +1 and
/// Shift = -pad it is the forward's input windows; with Direction = -1 and Shift = +pad (stride 1), the input
/// gradient's windows of dy. Packing copies one contiguous run of the signal per depth step (a strided gather
/// for non-overlapping frames, Stride = Kw, where the windows never leave the signal).
/// </summary>
public readonly record struct SignalWindows(float[] Data, int Offset, int Length, int KernelSize, int Dilation, int Shift, int Direction, int Stride = 1) : IGemmOperand
{
    /// <inheritdoc />
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int p = 0; p < depth; p++)
        {
            int c = (p0 + p) / KernelSize, j = (p0 + p) % KernelSize;
            int start = first * Stride + Direction * j * Dilation + Shift;   // signal index of free index `first`
            var row = packed.Slice(p * width, count);
            if (Stride != 1)
            {
                for (int i = 0; i < count; i++) row[i] = Data[Offset + c * Length + start + i * Stride];
                continue;
            }
            int from = Math.Clamp(-start, 0, count), to = Math.Clamp(Length - start, from, count);
            row[..from].Clear();
            PanelRow.Copy(Data.AsSpan(Offset + c * Length + start + from, to - from), row[from..]);
            row[to..].Clear();
        }
    }
}

/// <summary>
/// The same windows transposed, for the weight gradient: X[(c,j), t] = s[c, t*Stride + j*Dilation + Shift], zero
/// outside [0, Length); depth runs over time, so each (c,j) line is a contiguous run of the signal (strided for
/// non-overlapping frames, which never leave the signal).
/// </summary>
public readonly record struct SignalWindowsByTime(float[] Data, int Offset, int Length, int KernelSize, int Dilation, int Shift, int Stride = 1) : IGemmOperand
{
    /// <inheritdoc />
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int i = 0; i < count; i++)
        {
            int c = (first + i) / KernelSize, j = (first + i) % KernelSize;
            int start = p0 * Stride + j * Dilation + Shift;   // signal index of depth step p0
            if (Stride != 1)
            {
                for (int p = 0; p < depth; p++) packed[p * width + i] = Data[Offset + c * Length + start + p * Stride];
                continue;
            }
            int from = Math.Clamp(-start, 0, depth), to = Math.Clamp(Length - start, from, depth);
            for (int p = 0; p < from; p++) packed[p * width + i] = 0f;
            var source = Data.AsSpan(Offset + c * Length + start + from, to - from);
            for (int p = 0; p < source.Length; p++) packed[(from + p) * width + i] = source[p];
            for (int p = to; p < depth; p++) packed[p * width + i] = 0f;
        }
    }
}

/// <summary>
/// A conv weight w[Cout, Cin, Kw] read for the input gradient: X[c, (o,j)] = w[o, c, j].
/// </summary>
public readonly record struct KernelTapsByInput(float[] Data, int Offset, int InChannels, int KernelSize) : IGemmOperand
{
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
