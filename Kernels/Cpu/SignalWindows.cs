namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The stride-1 convolution's windows of one signal s[channels, Length] as a GEMM operand, without an im2col copy:
/// X[t, (c,j)] = s[c, t + Direction*j*Dilation + Shift], zero outside [0, Length). With Direction = +1 and
/// Shift = -pad it is the forward's input windows; with Direction = -1 and Shift = +pad, the input gradient's
/// windows of dy. Packing copies one contiguous run of the signal per depth step.
/// </summary>
public readonly record struct SignalWindows(float[] Data, int Offset, int Length, int KernelSize, int Dilation, int Shift, int Direction) : IGemmOperand
{
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int p = 0; p < depth; p++)
        {
            int c = (p0 + p) / KernelSize, j = (p0 + p) % KernelSize;
            int start = first + Direction * j * Dilation + Shift;   // signal index of free index `first`
            int from = Math.Clamp(-start, 0, count), to = Math.Clamp(Length - start, from, count);
            var row = packed.Slice(p * width, count);
            row[..from].Clear();
            Data.AsSpan(Offset + c * Length + start + from, to - from).CopyTo(row[from..]);
            row[to..].Clear();
        }
    }
}

/// <summary>
/// The same windows transposed, for the weight gradient: X[(c,j), t] = s[c, t + j*Dilation + Shift], zero outside
/// [0, Length); depth runs over time, so each (c,j) line is a contiguous run of the signal.
/// </summary>
public readonly record struct SignalWindowsByTime(float[] Data, int Offset, int Length, int KernelSize, int Dilation, int Shift) : IGemmOperand
{
    public void Pack(int first, int count, int p0, int depth, Span<float> packed, int width)
    {
        for (int i = 0; i < count; i++)
        {
            int c = (first + i) / KernelSize, j = (first + i) % KernelSize;
            int start = p0 + j * Dilation + Shift;   // signal index of depth step p0
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
