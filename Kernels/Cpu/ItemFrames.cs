using System.Runtime.CompilerServices;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// One batch item's non-overlapping frames moved between its signal s[C, L*K] and its rows frames[L, C*K],
/// frames[l*C*K + c*K + j] = s[c*L*K + l*K + j]: im2row and its scatter for a single item, into or out of a worker's
/// scratch that stays in its cache.
/// </summary>
internal static class ItemFrames
{
    /// <summary>frames[l, c*K + j] = signal[c, l*K + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> signal, int channels, int length, int kernel, Span<float> frames)
    {
        int steps = length * kernel, width = channels * kernel;
        for (int c = 0; c < channels; c++)
        {
            var row = signal.Slice(c * steps, steps);
            for (int l = 0, at = c * kernel, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) frames[at++] = row[s++];
        }
    }

    /// <summary>signal[c, l*K + j] = frames[l, c*K + j], or += when <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter(ReadOnlySpan<float> frames, int channels, int length, int kernel, Span<float> signal,
        bool accumulate)
    {
        int steps = length * kernel, width = channels * kernel;
        for (int c = 0; c < channels; c++)
        {
            var row = signal.Slice(c * steps, steps);
            if (accumulate)
                for (int l = 0, at = c * kernel, s = 0; l < length; l++, at += width - kernel)
                    for (int j = 0; j < kernel; j++) row[s++] += frames[at++];
            else
                for (int l = 0, at = c * kernel, s = 0; l < length; l++, at += width - kernel)
                    for (int j = 0; j < kernel; j++) row[s++] = frames[at++];
        }
    }
}
