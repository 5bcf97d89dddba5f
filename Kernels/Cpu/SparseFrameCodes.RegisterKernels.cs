using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TcnWtaNative.Kernels.Cpu.CompileTimeCounts;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    /// <summary>
    /// A block's first column of the frame row and where each of its (up to eight) vectors lies in an item's signal,
    /// from frame 0 (<see cref="FrameColumnBlocks.SignalOffset"/>).
    /// </summary>
    private readonly struct BlockColumns
    {
        public readonly int First, O0, O1, O2, O3, O4, O5, O6, O7;

        /// <summary>The tail's columns from <paramref name="first"/>, read one float at a time: no vectors.</summary>
        public BlockColumns(int first) => First = first;

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
    /// One part of a frame row (<see cref="FrameColumnBlocks.Parts"/>): a block of <c>Vectors</c> vectors whose columns
    /// are <c>Columns</c>, or, with no vectors, the tail from <c>Columns.First</c>. Worked out once a call: a block's
    /// offsets take divisions, dear beside a frame of a few non-zeros.
    /// </summary>
    private readonly record struct RowPart(int Vectors, BlockColumns Columns)
    {
        /// <summary>The parts of <paramref name="blocks"/>' row into <paramref name="parts"/> (grown as needed).
        /// </summary>
        public static void Fill(in FrameColumnBlocks blocks, ref RowPart[] parts)
        {
            if (parts.Length < blocks.Parts) parts = new RowPart[blocks.Parts];
            for (int i = 0; i < blocks.Count; i++)
            {
                var (column, vectors) = blocks.Block(i);
                parts[i] = new RowPart(vectors, new BlockColumns(blocks, column));
            }
            if (blocks.Parts > blocks.Count) parts[blocks.Count] = new RowPart(0, new BlockColumns(blocks.TailColumn));
        }
    }

    /// <summary>An item's frames <c>First</c> .. <c>End</c> - 1, the part of its frames one decode covers.</summary>
    private readonly record struct Frames(int First, int End);

    /// <summary>
    /// The register kernels of the frame products, one block of T::Count vectors (16 columns each) at a time, its sums
    /// held in as many accumulators; each term is one fused multiply-add per vector, in the order the terms come, and
    /// a frame row's last F % 16 columns (rows only) take the same terms in a masked vector
    /// (SparseFrameCodes.RegisterTails.cs). Operands: code[B, N, L], weights w or dw [N, F], rows = either the signal
    /// x[B, C, L*K] itself (long frames, read and written in place: Kernel = K) or im2row's rows [B*L, F], which are
    /// the signal of one channel whose frames are F long (Kernel = F, <see cref="RowsAsSignal"/>). Item b's frame l
    /// starts at b*L*F + l*Kernel.
    /// </summary>
    private static partial class RegisterKernels
    {
        /// <summary><see cref="Decode{T}"/> of one part of the row: a block of vectors, or the tail.</summary>
        public static void DecodePart(in Operands o, NonZeroBuckets terms, int firstBucket, int b, in RowPart part,
            bool accumulate)
            => DecodePart(o, terms, firstBucket, b, part, accumulate, new Frames(0, o.Length));

        /// <summary>As above, for item b's frames [frames.First, frames.End) alone.</summary>
        public static void DecodePart(in Operands o, NonZeroBuckets terms, int firstBucket, int b, in RowPart part,
            bool accumulate, Frames frames)
            => RunPart(new DecodeKernel(o, terms, firstBucket, b, accumulate, frames), part);

        /// <summary><see cref="WeightGradient{T}"/> of one part of the row: a block of vectors, or the tail.</summary>
        public static void WeightGradientPart(in Operands o, NonZeroBuckets terms, int firstBucket, int firstAtom,
            int endAtom, in RowPart part, bool accumulate)
            => RunPart(new WeightGradientKernel(o, terms, firstBucket, firstAtom, endAtom, accumulate), part);

        // the part's kernel, its block's vector count passed as a type so that the sums stay in registers
        private static void RunPart<TKernel>(in TKernel kernel, in RowPart part) where TKernel : struct, IPartKernel
        {
            switch (part.Vectors)
            {
                case 8: kernel.Block<Eight>(part.Columns); break;
                case 7: kernel.Block<Seven>(part.Columns); break;
                case 6: kernel.Block<Six>(part.Columns); break;
                case 5: kernel.Block<Five>(part.Columns); break;
                case 4: kernel.Block<Four>(part.Columns); break;
                case 3: kernel.Block<Three>(part.Columns); break;
                case 2: kernel.Block<Two>(part.Columns); break;
                case 1: kernel.Block<One>(part.Columns); break;
                default: kernel.Tail(part.Columns.First); break;
            }
        }

        /// <summary>A product over one part of a frame row: a block of T::Count vectors, or the tail.</summary>
        private interface IPartKernel
        {
            void Block<T>(in BlockColumns columns) where T : struct, ICount;
            void Tail(int firstColumn);
        }

        private readonly struct DecodeKernel(Operands o, NonZeroBuckets terms, int firstBucket, int b, bool accumulate,
            Frames frames) : IPartKernel
        {
            public void Block<T>(in BlockColumns columns) where T : struct, ICount
                => Decode<T>(o, terms, firstBucket, b, columns, accumulate, frames);

            public void Tail(int firstColumn) => DecodeTail(o, terms, firstBucket, b, firstColumn, accumulate, frames);
        }

        private readonly struct WeightGradientKernel(Operands o, NonZeroBuckets terms, int firstBucket, int firstAtom,
            int endAtom, bool accumulate) : IPartKernel
        {
            public void Block<T>(in BlockColumns columns) where T : struct, ICount
                => WeightGradient<T>(o, terms, firstBucket, firstAtom, endAtom, columns, accumulate);

            public void Tail(int firstColumn)
                => WeightGradientTail(o, terms, firstBucket, firstAtom, endAtom, firstColumn, accumulate);
        }

        /// <summary>
        /// x[b, block's channels, frame l] (+)= sum over frame (b, l)'s terms (atom n, value) of value * w[n, block],
        /// for item b's frames l in <paramref name="frames"/>, whose terms are bucket <paramref name="firstBucket"/> +
        /// l; each sum starts from zero and is added to x when accumulating.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Decode<T>(in Operands o, NonZeroBuckets terms, int firstBucket, int b,
            in BlockColumns columns, bool accumulate, Frames frames) where T : struct, ICount
        {
            ref float values = ref MemoryMarshal.GetArrayDataReference(terms.Values);
            ref int atoms = ref MemoryMarshal.GetArrayDataReference(terms.Payloads);
            ref float weights = ref o.Weights[o.WeightsOffset + columns.First];
            int itemSize = o.FrameWidth * o.Length;
            for (int l = frames.First; l < frames.End; l++)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default,
                    a6 = default, a7 = default;
                int frame = firstBucket + l;
                for (int i = terms.Starts[frame], end = terms.Starts[frame + 1]; i < end; i++)
                {
                    var value = Vector512.Create(Unsafe.Add(ref values, i));
                    ref float row = ref Unsafe.Add(ref weights, Unsafe.Add(ref atoms, i) * o.FrameWidth);
                    a0 = RowTerm(ref row, 0, value, a0);
                    if (T.Count > 1) a1 = RowTerm(ref row, 1, value, a1);
                    if (T.Count > 2) a2 = RowTerm(ref row, 2, value, a2);
                    if (T.Count > 3) a3 = RowTerm(ref row, 3, value, a3);
                    if (T.Count > 4) a4 = RowTerm(ref row, 4, value, a4);
                    if (T.Count > 5) a5 = RowTerm(ref row, 5, value, a5);
                    if (T.Count > 6) a6 = RowTerm(ref row, 6, value, a6);
                    if (T.Count > 7) a7 = RowTerm(ref row, 7, value, a7);
                }
                ref float signal = ref o.Rows[o.RowsOffset + b * itemSize + l * o.Kernel];
                Put(ref signal, columns.O0, a0, accumulate);
                if (T.Count > 1) Put(ref signal, columns.O1, a1, accumulate);
                if (T.Count > 2) Put(ref signal, columns.O2, a2, accumulate);
                if (T.Count > 3) Put(ref signal, columns.O3, a3, accumulate);
                if (T.Count > 4) Put(ref signal, columns.O4, a4, accumulate);
                if (T.Count > 5) Put(ref signal, columns.O5, a5, accumulate);
                if (T.Count > 6) Put(ref signal, columns.O6, a6, accumulate);
                if (T.Count > 7) Put(ref signal, columns.O7, a7, accumulate);
            }
        }

        /// <summary>
        /// dw[n, block] (+)= sum over atom n's terms (frame (b, l), value) of value * x[b, block's channels, frame l],
        /// for atoms [firstAtom, endAtom), atom n's terms being bucket <paramref name="firstBucket"/> + n; each sum
        /// starts from dw when accumulating, else from zero.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void WeightGradient<T>(in Operands o, NonZeroBuckets terms, int firstBucket, int firstAtom,
            int endAtom, in BlockColumns columns, bool accumulate) where T : struct, ICount
        {
            ref float values = ref MemoryMarshal.GetArrayDataReference(terms.Values);
            ref int frames = ref MemoryMarshal.GetArrayDataReference(terms.Payloads);
            ref float signal = ref o.Rows[o.RowsOffset];
            int itemSize = o.FrameWidth * o.Length;
            for (int n = firstAtom; n < endAtom; n++)
            {
                ref float gradient = ref o.Weights[o.WeightsOffset + n * o.FrameWidth + columns.First];
                Vector512<float> a0 = Start(ref gradient, 0, accumulate), a1 = default, a2 = default, a3 = default,
                    a4 = default, a5 = default, a6 = default, a7 = default;
                if (T.Count > 1) a1 = Start(ref gradient, 1, accumulate);
                if (T.Count > 2) a2 = Start(ref gradient, 2, accumulate);
                if (T.Count > 3) a3 = Start(ref gradient, 3, accumulate);
                if (T.Count > 4) a4 = Start(ref gradient, 4, accumulate);
                if (T.Count > 5) a5 = Start(ref gradient, 5, accumulate);
                if (T.Count > 6) a6 = Start(ref gradient, 6, accumulate);
                if (T.Count > 7) a7 = Start(ref gradient, 7, accumulate);
                for (int i = terms.Starts[firstBucket + n], end = terms.Starts[firstBucket + n + 1]; i < end; i++)
                {
                    var value = Vector512.Create(Unsafe.Add(ref values, i));
                    int frame = Unsafe.Add(ref frames, i), b = frame / o.Length;
                    ref float at = ref Unsafe.Add(ref signal, b * itemSize + (frame - b * o.Length) * o.Kernel);
                    a0 = SignalTerm(ref at, columns.O0, value, a0);
                    if (T.Count > 1) a1 = SignalTerm(ref at, columns.O1, value, a1);
                    if (T.Count > 2) a2 = SignalTerm(ref at, columns.O2, value, a2);
                    if (T.Count > 3) a3 = SignalTerm(ref at, columns.O3, value, a3);
                    if (T.Count > 4) a4 = SignalTerm(ref at, columns.O4, value, a4);
                    if (T.Count > 5) a5 = SignalTerm(ref at, columns.O5, value, a5);
                    if (T.Count > 6) a6 = SignalTerm(ref at, columns.O6, value, a6);
                    if (T.Count > 7) a7 = SignalTerm(ref at, columns.O7, value, a7);
                }
                a0.StoreUnsafe(ref gradient);
                if (T.Count > 1) a1.StoreUnsafe(ref gradient, 16);
                if (T.Count > 2) a2.StoreUnsafe(ref gradient, 32);
                if (T.Count > 3) a3.StoreUnsafe(ref gradient, 48);
                if (T.Count > 4) a4.StoreUnsafe(ref gradient, 64);
                if (T.Count > 5) a5.StoreUnsafe(ref gradient, 80);
                if (T.Count > 6) a6.StoreUnsafe(ref gradient, 96);
                if (T.Count > 7) a7.StoreUnsafe(ref gradient, 112);
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
