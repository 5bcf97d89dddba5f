using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Non-overlapping frames of a few values moved between a signal and its rows of frames (frames of 4 or 2 values whole,
/// others value by value):
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

    /// <summary>frames[l, c*K + j] = signal[c, l*K + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> signal, int channels, int length, int kernel, Span<float> frames)
    {
        int steps = length * kernel, width = channels * kernel;
        for (int c = 0; c < channels; c++)
            GatherRow(signal.Slice(c * steps, steps), length, kernel, width, frames[(c * kernel)..]);
    }

    /// <summary>signal[c, l*K + j] = frames[l, c*K + j], or += when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter(ReadOnlySpan<float> frames, int channels, int length, int kernel, Span<float> signal,
        bool accumulate)
    {
        int steps = length * kernel, width = channels * kernel;
        for (int c = 0; c < channels; c++)
            ScatterRow(frames[(c * kernel)..], length, kernel, width, signal.Slice(c * steps, steps), accumulate);
    }
}
