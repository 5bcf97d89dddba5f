namespace TcnWtaNative.Engine.Inference;

/// <summary>
/// A long piece through the model a window of frames at a time, so memory stays bounded by the window, not the piece.
/// Each window after the first starts early by the TCN's receptive field (rounded up to whole frames) and those context
/// columns are dropped, so with the causal TCN and channel top-k (one column at a time) every code column is exactly
/// the one the whole piece gives. Spatial and lifetime sparsity choose winners over a sequence, here one window.
/// </summary>
public static class WindowedEncoding
{
    /// <summary>Frames per window unless a caller says otherwise: tens of MB of activations for a piano roll.</summary>
    public const int DefaultWindowFrames = 4096;

    /// <summary>
    /// signal [C, length] row-major -> its code [N, ceil(length / K)] handed to <paramref name="window"/> in pieces of
    /// at most <paramref name="windowFrames"/> columns, in time order.
    /// </summary>
    public static void Encode(Autoencoder model, float[] signal, int length, Action<SparseCode> window,
        int windowFrames = DefaultWindowFrames)
    {
        if (windowFrames < 1) throw new ArgumentException($"a window needs at least one frame, got {windowFrames}");
        int channels = model.Config.InputChannels, k = model.Config.FrameLength;
        if (length < 1 || signal.Length != (long)channels * length)
            throw new ArgumentException(
                $"the model takes signals of {channels} channels; got {signal.Length} values for {length} steps");
        int frames = model.CodeLength(length), contextFrames = (int)((model.Config.TcnContextSteps + k - 1) / k);
        for (int first = 0; first < frames; first += windowFrames)
        {
            int start = Math.Max(0, first - contextFrames) * k;
            int end = (int)Math.Min(length, (long)(first + windowFrames) * k);
            var code = model.Encode(Slice(signal, channels, length, start, end), end - start);
            int skip = first - start / k;
            window(skip == 0 ? code : DropColumns(code, skip));
        }
    }

    // rows [C, length] -> steps [start, end) of each row: [C, end - start]
    private static float[] Slice(float[] signal, int channels, int length, int start, int end)
    {
        if (start == 0 && end == length) return signal;
        var slice = new float[channels * (end - start)];
        for (int c = 0; c < channels; c++)
            Array.Copy(signal, (long)c * length + start, slice, (long)c * (end - start), end - start);
        return slice;
    }

    // code [N, L] -> code [N, L - skip], its first skip columns (the context) dropped
    private static SparseCode DropColumns(SparseCode code, int skip)
    {
        var kept = SparseCode.Zeros(code.Atoms, code.Columns - skip);
        for (int n = 0; n < code.Atoms; n++)
            Array.Copy(code.Values, n * code.Columns + skip, kept.Values, n * kept.Columns, kept.Columns);
        return kept;
    }
}
