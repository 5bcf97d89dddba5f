using System.Runtime.CompilerServices;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// Training items of L non-overlapping frames as L items of one frame each: x[B, C, L*K] laid out as x'[B*L, C, K],
/// item b's frame l becoming item b*L + l. Where nothing in the model looks across an item's frames (no TCN front end,
/// and a channel top-k, which picks each frame's winners alone) and the loss is a sum over values, a step on x' is the
/// step on x: the same frames, codes, reconstructions and gradients, summed in another order. The backends' paths for
/// single frames then run, where frames of an item pay for im2row, transposes and strided code columns (groove-beat's
/// 1000 epochs on this 2-core CPU: 62 -> 41 s; BENCHMARKS.md, "Items of several frames trained as their frames"). An
/// item's frames stay consecutive items, so a batch holds the same frames as before. Only a resident set is laid out
/// so, once on its way up (<see cref="ResidentBatches"/>); training noise is drawn on each item's frames as on the
/// whole item (<see cref="InputNoise"/>, <see cref="DrumHitNoise.FrameLength"/>).
/// </summary>
public static class FrameItems
{
    /// <summary>
    /// The frame length K in which to lay out <paramref name="sets"/>' items for training <paramref name="config"/>,
    /// or null where they stay as they are: a TCN, a sparsity other than channel top-k, or an item of a length other
    /// than one shared multiple of K, more than one frame long. No training option stops it. Noise draws each item's
    /// hits over the item's frames as over the whole item; atom revival sees an item's frames as consecutive rows, so
    /// its frame errors come in the order a whole item's do and the worst frames rank as the same (item, step) pairs.
    /// </summary>
    public static int? FrameLengthFor(AutoencoderConfig config, params IBatchSource[] sets)
    {
        int k = config.FrameLength;
        if (config.TcnWidths.Length > 0 || config.Sparsity != SparsityKind.ChannelTopK) return null;
        int? length = null;
        foreach (var set in sets)
        for (int i = 0; i < set.Count; i++)
        {
            length ??= set.LengthOf(i);
            if (set.LengthOf(i) != length) return null;
        }
        return length is int t && t > k && t % k == 0 ? k : null;
    }

    /// <summary>
    /// values[B, C, L*K] -> frames[B*L, C, K]: frames[(b*L + l), c, j] = values[b, c, l*K + j]. Value by value along
    /// each source row: a span copy per frame cost three times as much at K = 2 (64 windows of 264 x 64: 1.6 against
    /// 0.6 ms on one core).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Split(ReadOnlySpan<float> values, int batch, int channels, int length, int frameLength,
        Span<float> frames)
    {
        int perItem = length / frameLength, stride = channels * frameLength;
        long size = (long)batch * channels * length;
        if (length % frameLength != 0 || values.Length < size || frames.Length < size)
            throw new ArgumentException($"[{batch}, {channels}, {length}] does not split into frames of "
                + $"{frameLength} in {frames.Length} values");
        for (int b = 0; b < batch; b++)
        for (int c = 0; c < channels; c++)
        {
            var row = values.Slice((b * channels + c) * length, length);
            int to = (b * perItem * channels + c) * frameLength;
            for (int from = 0; from < length; from += frameLength, to += stride)
            for (int j = 0; j < frameLength; j++)
                frames[to + j] = row[from + j];
        }
    }
}
