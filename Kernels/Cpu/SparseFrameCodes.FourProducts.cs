using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// Correlate's terms for a single frame (L = 1: item b's frame is x[b, :] itself): the mask's non-zeros are taken
    /// four at a time, and the four dot products &lt;x[b, :], w[n]&gt; share one pass over the frame, each vector of it
    /// loaded once for all four (a winner mask keeps k of N atoms: groove's 4 of 100), where a dot product per term
    /// read the frame k times. Each product sums two 16-lane partial sums in frame order, then its lanes, then the
    /// frame's last values one by one: a fixed order of its own, whichever terms it shares its pass with.
    /// </summary>
    private struct FourProducts(Operands operands, int frameOffset, float[] y, int itemOffset) : NonZeroScan.ITerm
    {
        private int _n0, _n1, _n2, _n3, _count;
        private float _v0, _v1, _v2, _v3;

        /// <summary>Whether the host runs this in hardware; Correlate takes one product per term elsewhere.</summary>
        public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int index, float value)
        {
            switch (_count++)
            {
                case 0: (_n0, _v0) = (index, value); break;
                case 1: (_n1, _v1) = (index, value); break;
                case 2: (_n2, _v2) = (index, value); break;
                default:
                    (_n3, _v3) = (index, value);
                    Write();
                    break;
            }
        }

        /// <summary>The one to three terms left after the scan.</summary>
        public void Finish()
        {
            if (_count == 0) return;
            // the missing terms repeat the first one's product, and are not written
            if (_count < 2) _n1 = _n0;
            if (_count < 3) _n2 = _n0;
            _n3 = _n0;
            Write();
        }

        // y[n] = v * <frame, w[n]> for the _count terms held
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Write()
        {
            int width = operands.FrameWidth;
            ref float frame = ref operands.Rows[frameOffset];
            ref float weights = ref MemoryMarshal.GetArrayDataReference(operands.Weights);
            ref float r0 = ref Unsafe.Add(ref weights, operands.WeightsOffset + _n0 * width);
            ref float r1 = ref Unsafe.Add(ref weights, operands.WeightsOffset + _n1 * width);
            ref float r2 = ref Unsafe.Add(ref weights, operands.WeightsOffset + _n2 * width);
            ref float r3 = ref Unsafe.Add(ref weights, operands.WeightsOffset + _n3 * width);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default,
                b0 = default, b1 = default, b2 = default, b3 = default;
            int i = 0;
            for (; i <= width - 32; i += 32)
            {
                var x = Vector512.LoadUnsafe(ref frame, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r0, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r1, (nuint)i), a1);
                a2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r2, (nuint)i), a2);
                a3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r3, (nuint)i), a3);
                var next = Vector512.LoadUnsafe(ref frame, (nuint)(i + 16));
                b0 = Vector512.FusedMultiplyAdd(next, Vector512.LoadUnsafe(ref r0, (nuint)(i + 16)), b0);
                b1 = Vector512.FusedMultiplyAdd(next, Vector512.LoadUnsafe(ref r1, (nuint)(i + 16)), b1);
                b2 = Vector512.FusedMultiplyAdd(next, Vector512.LoadUnsafe(ref r2, (nuint)(i + 16)), b2);
                b3 = Vector512.FusedMultiplyAdd(next, Vector512.LoadUnsafe(ref r3, (nuint)(i + 16)), b3);
            }
            if (i <= width - 16)
            {
                var x = Vector512.LoadUnsafe(ref frame, (nuint)i);
                a0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r0, (nuint)i), a0);
                a1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r1, (nuint)i), a1);
                a2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r2, (nuint)i), a2);
                a3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r3, (nuint)i), a3);
                i += 16;
            }
            float d0 = Vector512.Sum(a0 + b0), d1 = Vector512.Sum(a1 + b1), d2 = Vector512.Sum(a2 + b2),
                d3 = Vector512.Sum(a3 + b3);
            for (; i < width; i++)
            {
                float x = Unsafe.Add(ref frame, i);
                d0 = MathF.FusedMultiplyAdd(x, Unsafe.Add(ref r0, i), d0);
                d1 = MathF.FusedMultiplyAdd(x, Unsafe.Add(ref r1, i), d1);
                d2 = MathF.FusedMultiplyAdd(x, Unsafe.Add(ref r2, i), d2);
                d3 = MathF.FusedMultiplyAdd(x, Unsafe.Add(ref r3, i), d3);
            }
            y[itemOffset + _n0] = _v0 * d0;
            if (_count > 1) y[itemOffset + _n1] = _v1 * d1;
            if (_count > 2) y[itemOffset + _n2] = _v2 * d2;
            if (_count > 3) y[itemOffset + _n3] = _v3 * d3;
            _count = 0;
        }
    }
}
