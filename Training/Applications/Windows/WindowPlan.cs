using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Applications.Windows;

/// <summary>
/// How a long piece goes through a model a window of whole frames at a time, with memory flat in the piece's length.
/// With stride = kernel = K the frames are independent after the TCN, and the channel top-k and matching pursuit pick
/// per column, so code column l depends only on steps (l + 1) K - R .. (l + 1) K - 1, R the TCN's receptive field:
/// a window of <see cref="Frames"/> code columns reads <see cref="ContextFrames"/> frames before it (ceil(R / K), zero
/// without a TCN) and keeps the columns after them, which then equal the whole-piece code. Spatial and lifetime
/// sparsity pick across the whole piece, so for them the window is the whole piece.
/// </summary>
public sealed record WindowPlan(int FrameLength, int Frames, int ContextFrames)
{
    /// <summary>
    /// About how many floats one window's activations may take (4 MB), which sets <see cref="Frames"/>: small enough
    /// that the few arrays each window leaves for the garbage collector keep the peak low, large enough for whole GEMM
    /// tiles.
    /// </summary>
    public const long ValuesPerWindow = 1L << 20;

    /// <summary>
    /// The plan for <paramref name="config"/>: windows of about <see cref="ValuesPerWindow"/> values, or
    /// <paramref name="frames"/> frames when given.
    /// </summary>
    public static WindowPlan For(AutoencoderConfig config, int? frames = null)
    {
        if (frames is < 1)
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "a window holds at least one frame");
        int k = config.FrameLength;
        if (config.Sparsity != SparsityKind.ChannelTopK) return new WindowPlan(k, int.MaxValue, 0);
        int context = (int)((config.TcnContextSteps + k - 1) / k);
        // per frame: the input and the decoded output [C, K], three activations [w, K] per TCN block, code and mask [N]
        long perFrame = (long)k * (2L * config.InputChannels + 3L * config.TcnWidths.Sum(w => (long)w))
            + 2L * config.Atoms;
        return new WindowPlan(k, frames ?? (int)Math.Clamp(ValuesPerWindow / perFrame, 1, int.MaxValue), context);
    }

    /// <summary>
    /// The windows over a piece of <paramref name="length"/> steps, in order: each one's code columns and context.
    /// </summary>
    public IEnumerable<CodeWindow> Over(int length)
    {
        int columns = (int)(((long)length + FrameLength - 1) / FrameLength);
        for (int first = 0; first < columns; first += (int)Math.Min(Frames, columns - first))
        {
            int count = (int)Math.Min(Frames, columns - first);
            int context = Math.Min(ContextFrames, first);
            yield return new CodeWindow(first, count, context, FrameLength, length);
        }
    }
}

/// <summary>
/// One window: code columns [<see cref="FirstColumn"/>, + <see cref="Columns"/>), read with
/// <see cref="ContextColumns"/> frames of context before them, of a piece of <see cref="PieceLength"/> steps.
/// </summary>
public sealed record CodeWindow(int FirstColumn, int Columns, int ContextColumns, int FrameLength, int PieceLength)
{
    /// <summary>The first step read: the context's.</summary>
    public int ReadStart => (FirstColumn - ContextColumns) * FrameLength;

    /// <summary>
    /// Steps read: context and columns, whole frames (past the piece's end they are zeros, as the model pads).
    /// </summary>
    public int ReadSteps => (ContextColumns + Columns) * FrameLength;

    /// <summary>The window's own first step.</summary>
    public int Start => FirstColumn * FrameLength;

    /// <summary>
    /// The window's own steps inside the piece: its columns' frames, the last cut at the piece's end.
    /// </summary>
    public int Steps => (int)Math.Min((long)Columns * FrameLength, PieceLength - (long)Start);
}
