using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Non-overlapping frames of a few values moved between a signal and its rows of frames (frames of 4 or 2 values whole,
/// a whole item's frames of 2 in 4 x 4 blocks, others value by value):
/// one signal row s[L*K] against its K values in each of L rows of <c>width</c> floats, and one batch item's signal
/// s[C, L*K] against its rows frames[L, C*K], frames[l*C*K + c*K + j] = s[c*L*K + l*K + j] (im2row and its scatter for
/// a single item, into or out of a worker's scratch that stays in its cache).
/// </summary>
internal static class ItemFrames
{
    /// <summary>frames[l*width + j] = signal[l*K + j] for one signal row of L frames of K values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRow(ReadOnlySpan<float> signal, int length, int kernel, int width, Span<float> frames)
    {
        if (MovesWhole(kernel))
        {
            WholeFrames(signal[..(length * kernel)], kernel, kernel, frames[..((length - 1) * width + kernel)],
                width, length, accumulate: false);
            return;
        }
        for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
            for (int j = 0; j < kernel; j++) frames[at++] = signal[s++];
    }

    /// <summary>signal[l*K + j] = frames[l*width + j], or += when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterRow(ReadOnlySpan<float> frames, int length, int kernel, int width, Span<float> signal,
        bool accumulate)
    {
        if (MovesWhole(kernel) && !(accumulate && kernel == 2))
            WholeFrames(frames[..((length - 1) * width + kernel)], width, kernel, signal[..(length * kernel)],
                kernel, length, accumulate);
        else if (accumulate)
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] += frames[at++];
        else
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] = frames[at++];
    }

    // frames of 4 values move as one 128-bit vector, of 2 as one 8-byte word (copies only)
    private static bool MovesWhole(int kernel) => kernel == 4 && Vector128.IsHardwareAccelerated || kernel == 2;

    // to[l*toStride ..][..K] = (or +=) from[l*fromStride ..][..K] for L frames of K = 4 (or 2, not accumulating) values
    // each, whose bounds the callers' slices checked. Masked AVX-512 moves and a span per frame both cost more.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WholeFrames(ReadOnlySpan<float> from, int fromStride, int kernel,
        Span<float> to, int toStride, int length, bool accumulate)
    {
        fixed (float* source = from)
        fixed (float* target = to)
            for (int l = 0; l < length; l++)
            {
                float* read = source + l * fromStride, write = target + l * toStride;
                if (kernel == 2) *(ulong*)write = *(ulong*)read;
                else if (accumulate) Vector128.Store(Vector128.Load(write) + Vector128.Load(read), write);
                else Vector128.Store(Vector128.Load(read), write);
            }
    }

    /// <summary>frames[l*width + c*K + j] = signal[c, l*K + j] (width at least C*K: rows of more channels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> signal, int channels, int length, int kernel, int width,
        Span<float> frames)
    {
        int steps = length * kernel;
        int blocked = MovesBlocks(kernel) ? channels & ~3 : 0;
        if (blocked > 0) TwoValueFrameBlocks(signal, steps, frames, width, blocked, length & ~3, accumulate: false);
        for (int c = 0; c < channels; c++)
        {
            int from = c < blocked ? length & ~3 : 0;   // a blocked channel's frames left after the 4 x 4 blocks
            if (from < length)
                GatherRow(signal.Slice(c * steps + from * kernel, steps - from * kernel), length - from, kernel,
                    width, frames[(from * width + c * kernel)..]);
        }
    }

    /// <summary>signal[c, l*K + j] = frames[l*width + c*K + j], or += when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter(ReadOnlySpan<float> frames, int channels, int length, int kernel, int width,
        Span<float> signal, bool accumulate)
    {
        int steps = length * kernel;
        int blocked = MovesBlocks(kernel) ? channels & ~3 : 0;
        if (blocked > 0) TwoValueFrameBlocks(frames, width, signal, steps, length & ~3, blocked, accumulate);
        for (int c = 0; c < channels; c++)
        {
            int from = c < blocked ? length & ~3 : 0;
            if (from < length)
                ScatterRow(frames[(from * width + c * kernel)..], length - from, kernel, width,
                    signal.Slice(c * steps + from * kernel, steps - from * kernel), accumulate);
        }
    }

    /// <summary>
    /// Whether <see cref="Gather"/> and <see cref="Scatter"/> move frames of <paramref name="kernel"/> values in blocks
    /// of 4 channels x 4 frames (frames of 2 values, with AVX), so that a caller with rows of channels hands over four
    /// channels at once.
    /// </summary>
    public static bool MovesBlocks(int kernel) => kernel == 2 && Avx.IsSupported;

    // For lines i of the blocked channels (or frames) and words q of the blocked frames (or channels), 4 x 4 at a time:
    // to[q * toStride + 2i ..][..2] = (or +=) from[i * fromStride + 2q ..][..2], each frame of 2 floats one 8-byte
    // word: four 32-byte loads, a 4 x 4 transpose of words, four 32-byte stores, where word by word is sixteen strided
    // moves. Gather: lines are channels, words frames; scatter the other way round. The callers' spans bound it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TwoValueFrameBlocks(ReadOnlySpan<float> from, int fromStride, Span<float> to,
        int toStride, int lines, int words, bool accumulate)
    {
        if (lines == 0 || words == 0) return;
        _ = from[(lines - 1) * fromStride + 2 * words - 1];
        _ = to[(words - 1) * toStride + 2 * lines - 1];
        fixed (float* source = from)
        fixed (float* target = to)
            for (int i = 0; i < lines; i += 4)
            for (int q = 0; q < words; q += 4)
            {
                double* read = (double*)(source + i * fromStride + 2 * q);
                var r0 = Avx.LoadVector256(read);
                var r1 = Avx.LoadVector256((double*)((float*)read + fromStride));
                var r2 = Avx.LoadVector256((double*)((float*)read + 2 * fromStride));
                var r3 = Avx.LoadVector256((double*)((float*)read + 3 * fromStride));
                Vector256<double> low01 = Avx.UnpackLow(r0, r1), high01 = Avx.UnpackHigh(r0, r1);
                Vector256<double> low23 = Avx.UnpackLow(r2, r3), high23 = Avx.UnpackHigh(r2, r3);
                float* write = target + q * toStride + 2 * i;
                Put(write, Avx.Permute2x128(low01, low23, 0x20), accumulate);
                Put(write + toStride, Avx.Permute2x128(high01, high23, 0x20), accumulate);
                Put(write + 2 * toStride, Avx.Permute2x128(low01, low23, 0x31), accumulate);
                Put(write + 3 * toStride, Avx.Permute2x128(high01, high23, 0x31), accumulate);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Put(float* at, Vector256<double> words, bool accumulate)
    {
        var values = words.AsSingle();
        if (accumulate) values += Vector256.Load(at);
        Vector256.Store(values, at);
    }
}
