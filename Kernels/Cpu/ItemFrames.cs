using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Non-overlapping frames moved between a signal and its rows of frames, value by value (frames of a few values):
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
        for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
            for (int j = 0; j < kernel; j++) frames[at++] = signal[s++];
    }

    /// <summary>signal[l*K + j] = frames[l*width + j], or += when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScatterRow(ReadOnlySpan<float> frames, int length, int kernel, int width, Span<float> signal,
        bool accumulate)
    {
        if (accumulate)
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] += frames[at++];
        else
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] = frames[at++];
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
