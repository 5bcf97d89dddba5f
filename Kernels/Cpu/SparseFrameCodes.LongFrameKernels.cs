using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>How many 512-bit vectors a block of columns holds: the kernels' one compile-time width.</summary>
    private interface IVectorCount
    {
        static abstract int Count { get; }
    }

    private struct Eight : IVectorCount { public static int Count => 8; }
    private struct Four : IVectorCount { public static int Count => 4; }
    private struct Two : IVectorCount { public static int Count => 2; }
    private struct One : IVectorCount { public static int Count => 1; }

    /// <summary>
    /// A block's first column of the frame row and where each of its (up to eight) vectors lies in an item's signal,
    /// from frame 0 (<see cref="FrameColumnBlocks.SignalOffset"/>).
    /// </summary>
    private readonly struct BlockColumns
    {
        public readonly int First, O0, O1, O2, O3, O4, O5, O6, O7;

        public BlockColumns(FrameColumnBlocks blocks, int first)
        {
            const int V = FrameColumnBlocks.VectorWidth;
            First = first;
            (O0, O1, O2, O3) = (blocks.SignalOffset(first), blocks.SignalOffset(first + V),
                blocks.SignalOffset(first + 2 * V), blocks.SignalOffset(first + 3 * V));
            (O4, O5, O6, O7) = (blocks.SignalOffset(first + 4 * V), blocks.SignalOffset(first + 5 * V),
                blocks.SignalOffset(first + 6 * V), blocks.SignalOffset(first + 7 * V));
        }
    }

    /// <summary>
    /// The register kernels of the long-frame products, one block of T::Count vectors (16 columns each) at a time, its
    /// sums held in as many accumulators; each term is one fused multiply-add per vector, in the order the terms
    /// come. Operands: code[B, N, L], weights w or dw [N, F] (F = C*K), rows = the signal x[B, C, L*K].
    /// </summary>
    private static class LongFrameKernels
    {
        /// <summary>
        /// x[b, block's channels, frame l] (+)= sum over frame (b, l)'s terms (atom n, value) of value * w[n, block],
        /// for every frame of item b.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Decode<T>(in Operands o, NonZeroBuckets terms, int b, in BlockColumns columns,
            bool accumulate) where T : struct, IVectorCount
        {
            ref float values = ref MemoryMarshal.GetArrayDataReference(terms.Values);
            ref int atoms = ref MemoryMarshal.GetArrayDataReference(terms.Payloads);
            ref float weights = ref o.Weights[o.WeightsOffset + columns.First];
            int itemSize = o.FrameWidth * o.Length;
            for (int l = 0; l < o.Length; l++)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default,
                    a6 = default, a7 = default;
                int frame = b * o.Length + l;
                for (int i = terms.Starts[frame], end = terms.Starts[frame + 1]; i < end; i++)
                {
                    var value = Vector512.Create(Unsafe.Add(ref values, i));
                    ref float row = ref Unsafe.Add(ref weights, Unsafe.Add(ref atoms, i) * o.FrameWidth);
                    a0 = RowTerm(ref row, 0, value, a0);
                    if (T.Count > 1) a1 = RowTerm(ref row, 1, value, a1);
                    if (T.Count > 2) (a2, a3) = (RowTerm(ref row, 2, value, a2), RowTerm(ref row, 3, value, a3));
                    if (T.Count > 4)
                        (a4, a5, a6, a7) = (RowTerm(ref row, 4, value, a4), RowTerm(ref row, 5, value, a5),
                            RowTerm(ref row, 6, value, a6), RowTerm(ref row, 7, value, a7));
                }
                ref float signal = ref o.Rows[o.RowsOffset + b * itemSize + l * o.Kernel];
                Put(ref signal, columns.O0, a0, accumulate);
                if (T.Count > 1) Put(ref signal, columns.O1, a1, accumulate);
                if (T.Count > 2)
                {
                    Put(ref signal, columns.O2, a2, accumulate);
                    Put(ref signal, columns.O3, a3, accumulate);
                }
                if (T.Count > 4)
                {
                    Put(ref signal, columns.O4, a4, accumulate);
                    Put(ref signal, columns.O5, a5, accumulate);
                    Put(ref signal, columns.O6, a6, accumulate);
                    Put(ref signal, columns.O7, a7, accumulate);
                }
            }
        }

        /// <summary>
        /// dw[n, block] (+)= sum over atom n's terms (frame (b, l), value) of value * x[b, block's channels, frame l],
        /// for every atom.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void WeightGradient<T>(in Operands o, NonZeroBuckets terms, in BlockColumns columns,
            bool accumulate) where T : struct, IVectorCount
        {
            ref float values = ref MemoryMarshal.GetArrayDataReference(terms.Values);
            ref int frames = ref MemoryMarshal.GetArrayDataReference(terms.Payloads);
            ref float signal = ref o.Rows[o.RowsOffset];
            int itemSize = o.FrameWidth * o.Length;
            for (int n = 0; n < o.Atoms; n++)
            {
                ref float gradient = ref o.Weights[o.WeightsOffset + n * o.FrameWidth + columns.First];
                Vector512<float> a0 = Start(ref gradient, 0, accumulate), a1 = default, a2 = default, a3 = default,
                    a4 = default, a5 = default, a6 = default, a7 = default;
                if (T.Count > 1) a1 = Start(ref gradient, 1, accumulate);
                if (T.Count > 2) (a2, a3) = (Start(ref gradient, 2, accumulate), Start(ref gradient, 3, accumulate));
                if (T.Count > 4)
                    (a4, a5, a6, a7) = (Start(ref gradient, 4, accumulate), Start(ref gradient, 5, accumulate),
                        Start(ref gradient, 6, accumulate), Start(ref gradient, 7, accumulate));
                for (int i = terms.Starts[n], end = terms.Starts[n + 1]; i < end; i++)
                {
                    var value = Vector512.Create(Unsafe.Add(ref values, i));
                    int frame = Unsafe.Add(ref frames, i), b = frame / o.Length;
                    ref float at = ref Unsafe.Add(ref signal, b * itemSize + (frame - b * o.Length) * o.Kernel);
                    a0 = SignalTerm(ref at, columns.O0, value, a0);
                    if (T.Count > 1) a1 = SignalTerm(ref at, columns.O1, value, a1);
                    if (T.Count > 2)
                        (a2, a3) = (SignalTerm(ref at, columns.O2, value, a2),
                            SignalTerm(ref at, columns.O3, value, a3));
                    if (T.Count > 4)
                        (a4, a5, a6, a7) = (SignalTerm(ref at, columns.O4, value, a4),
                            SignalTerm(ref at, columns.O5, value, a5), SignalTerm(ref at, columns.O6, value, a6),
                            SignalTerm(ref at, columns.O7, value, a7));
                }
                a0.StoreUnsafe(ref gradient);
                if (T.Count > 1) a1.StoreUnsafe(ref gradient, 16);
                if (T.Count > 2)
                {
                    a2.StoreUnsafe(ref gradient, 32);
                    a3.StoreUnsafe(ref gradient, 48);
                }
                if (T.Count > 4)
                {
                    a4.StoreUnsafe(ref gradient, 64);
                    a5.StoreUnsafe(ref gradient, 80);
                    a6.StoreUnsafe(ref gradient, 96);
                    a7.StoreUnsafe(ref gradient, 112);
                }
            }
        }

        // sum + value * the vector-th vector of a weight row
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> RowTerm(ref float row, int vector, Vector512<float> value,
            Vector512<float> sum)
            => Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, (nuint)(vector * 16)), value, sum);

        // sum + value * the 16 floats of a frame from offset (a block's vector in the signal)
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> SignalTerm(ref float frame, int offset, Vector512<float> value,
            Vector512<float> sum)
            => Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref frame, offset)), value, sum);

        // the gradient's vector-th vector when accumulating, else zero
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Start(ref float gradient, int vector, bool accumulate)
            => accumulate ? Vector512.LoadUnsafe(ref gradient, (nuint)(vector * 16)) : default;

        // the signal's 16 floats from offset = sum, or += sum when accumulating
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Put(ref float signal, int offset, Vector512<float> sum, bool accumulate)
        {
            ref float at = ref Unsafe.Add(ref signal, offset);
            (accumulate ? Vector512.LoadUnsafe(ref at) + sum : sum).StoreUnsafe(ref at);
        }
    }
}
