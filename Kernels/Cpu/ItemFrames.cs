using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Non-overlapping frames of at most eight values moved between a signal and its rows of frames, a masked AVX-512 load
/// and store per frame (value by value without AVX-512):
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
        if (Avx512F.VL.IsSupported && kernel <= Vector256<float>.Count)
        {
            MaskedGatherRow(signal, length, kernel, width, frames);
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
        if (Avx512F.VL.IsSupported && kernel <= Vector256<float>.Count)
            MaskedScatterRow(frames, length, kernel, width, signal, accumulate);
        else if (accumulate)
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] += frames[at++];
        else
            for (int l = 0, at = 0, s = 0; l < length; l++, at += width - kernel)
                for (int j = 0; j < kernel; j++) signal[s++] = frames[at++];
    }

    // GatherRow a frame at a time: one masked load and one masked store of its K (at most 8) values
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MaskedGatherRow(ReadOnlySpan<float> signal, int length, int kernel, int width,
        Span<float> frames)
    {
        var lanes = FirstLanes(kernel);
        fixed (float* from = signal[..(length * kernel)])
        fixed (float* to = frames[..((length - 1) * width + kernel)])
            for (int l = 0; l < length; l++)
                Avx512F.VL.MaskStore(to + l * width, lanes,
                    Avx512F.VL.MaskLoad(from + l * kernel, lanes, Vector256<float>.Zero));
    }

    // ScatterRow a frame at a time: a masked load (and add) and a masked store of its K (at most 8) values
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MaskedScatterRow(ReadOnlySpan<float> frames, int length, int kernel, int width,
        Span<float> signal, bool accumulate)
    {
        var lanes = FirstLanes(kernel);
        fixed (float* from = frames[..((length - 1) * width + kernel)])
        fixed (float* to = signal[..(length * kernel)])
            for (int l = 0; l < length; l++)
            {
                var frame = Avx512F.VL.MaskLoad(from + l * width, lanes, Vector256<float>.Zero);
                float* at = to + l * kernel;
                if (accumulate) frame = Avx512F.VL.MaskLoad(at, lanes, Vector256<float>.Zero) + frame;
                Avx512F.VL.MaskStore(at, lanes, frame);
            }
    }

    // all bits set in the first count lanes
    private static Vector256<float> FirstLanes(int count)
        => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();

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
