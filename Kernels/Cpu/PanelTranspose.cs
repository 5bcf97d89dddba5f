using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// The transposing copies of packing, eight lines at a time: a panel wants X[free, depth] laid out depth-major
/// (packed[p * width + i]), but some operands store each free line i as a contiguous run over depth (a signal's
/// time steps, a transposed matrix's rows). Element by element that is a load and a scattered store per float;
/// with AVX an 8 x 8 block is eight vector loads, 24 shuffles and eight vector stores.
/// </summary>
public static class PanelTranspose
{
    /// <summary>Whether <see cref="Block8x8"/> runs on this CPU (callers copy element by element otherwise).</summary>
    public static bool IsAccelerated => Avx.IsSupported;

    /// <summary>
    /// packed[(p + q) * width + i0 + r] = data[starts[r] + q] for r, q in 0..7: line r of eight, read from its own
    /// start, written as column i0 + r of depth rows p .. p + 7.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block8x8(float[] data, ReadOnlySpan<int> starts, Span<float> packed, int width, int p, int i0)
    {
        var r0 = Vector256.Create(data.AsSpan(starts[0], 8)); var r1 = Vector256.Create(data.AsSpan(starts[1], 8));
        var r2 = Vector256.Create(data.AsSpan(starts[2], 8)); var r3 = Vector256.Create(data.AsSpan(starts[3], 8));
        var r4 = Vector256.Create(data.AsSpan(starts[4], 8)); var r5 = Vector256.Create(data.AsSpan(starts[5], 8));
        var r6 = Vector256.Create(data.AsSpan(starts[6], 8)); var r7 = Vector256.Create(data.AsSpan(starts[7], 8));
        // pairs of lines interleaved, then quadruples, then the 128-bit halves swapped into place
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3),
            t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7),
            t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44),
            s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44),
            s7 = Avx.Shuffle(t5, t7, 0xEE);
        int at = p * width + i0;
        Avx.Permute2x128(s0, s4, 0x20).CopyTo(packed[at..]);
        Avx.Permute2x128(s1, s5, 0x20).CopyTo(packed[(at + width)..]);
        Avx.Permute2x128(s2, s6, 0x20).CopyTo(packed[(at + 2 * width)..]);
        Avx.Permute2x128(s3, s7, 0x20).CopyTo(packed[(at + 3 * width)..]);
        Avx.Permute2x128(s0, s4, 0x31).CopyTo(packed[(at + 4 * width)..]);
        Avx.Permute2x128(s1, s5, 0x31).CopyTo(packed[(at + 5 * width)..]);
        Avx.Permute2x128(s2, s6, 0x31).CopyTo(packed[(at + 6 * width)..]);
        Avx.Permute2x128(s3, s7, 0x31).CopyTo(packed[(at + 7 * width)..]);
    }
}
