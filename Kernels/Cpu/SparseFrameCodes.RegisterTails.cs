using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TcnWtaNative.Kernels.Cpu;

public sealed partial class SparseFrameCodes
{
    private static partial class RegisterKernels
    {
        /// <summary>
        /// <see cref="Decode{T}"/> for the rows' last columns from <paramref name="firstColumn"/>, fewer than a
        /// vector: one vector whose lanes past the row's end are masked off (AVX-512), else one float at a time.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void DecodeTail(in Operands o, NonZeroBuckets terms, int firstBucket, int b,
            int firstColumn, bool accumulate, Frames frames)
        {
            if (!Avx512F.IsSupported)
            {
                DecodeTailOneByOne(o, terms, firstBucket, b, firstColumn, accumulate, frames);
                return;
            }
            var mask = FirstLanes(o.FrameWidth - firstColumn);
            fixed (float* weights = &o.Weights[o.WeightsOffset + firstColumn])
            fixed (float* item = &o.Rows[o.RowsOffset + b * o.FrameWidth * o.Length + firstColumn])
                for (int l = frames.First; l < frames.End; l++)
                {
                    var sum = Vector512<float>.Zero;
                    for (int i = terms.Starts[firstBucket + l], end = terms.Starts[firstBucket + l + 1]; i < end; i++)
                        sum = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(weights + terms.Payloads[i] * o.FrameWidth,
                            mask, Vector512<float>.Zero), Vector512.Create(terms.Values[i]), sum);
                    float* frame = item + l * o.Kernel;
                    if (accumulate) sum = Avx512F.MaskLoad(frame, mask, Vector512<float>.Zero) + sum;
                    Avx512F.MaskStore(frame, mask, sum);
                }
        }

        /// <summary>
        /// <see cref="WeightGradient{T}"/> for the rows' last columns from <paramref name="firstColumn"/>, fewer than
        /// a vector: one vector whose lanes past the row's end are masked off (AVX-512), else one float at a time.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void WeightGradientTail(in Operands o, NonZeroBuckets terms, int firstBucket,
            int firstAtom, int endAtom, int firstColumn, bool accumulate)
        {
            if (!Avx512F.IsSupported)
            {
                WeightGradientTailOneByOne(o, terms, firstBucket, firstAtom, endAtom, firstColumn, accumulate);
                return;
            }
            var mask = FirstLanes(o.FrameWidth - firstColumn);
            int itemSize = o.FrameWidth * o.Length;
            fixed (float* rows = &o.Rows[o.RowsOffset + firstColumn])
            fixed (float* gradients = &o.Weights[o.WeightsOffset + firstColumn])
                for (int n = firstAtom; n < endAtom; n++)
                {
                    float* gradient = gradients + n * o.FrameWidth;
                    var sum = accumulate ? Avx512F.MaskLoad(gradient, mask, Vector512<float>.Zero) : default;
                    for (int i = terms.Starts[firstBucket + n]; i < terms.Starts[firstBucket + n + 1]; i++)
                    {
                        int frame = terms.Payloads[i], b = frame / o.Length;
                        float* at = rows + b * itemSize + (frame - b * o.Length) * o.Kernel;
                        sum = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(at, mask, Vector512<float>.Zero),
                            Vector512.Create(terms.Values[i]), sum);
                    }
                    Avx512F.MaskStore(gradient, mask, sum);
                }
        }

        // all bits set in the first count lanes
        private static Vector512<float> FirstLanes(int count)
            => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

        // DecodeTail without AVX-512
        private static void DecodeTailOneByOne(in Operands o, NonZeroBuckets terms, int firstBucket, int b,
            int firstColumn, bool accumulate, Frames frames)
        {
            int columns = o.FrameWidth - firstColumn;
            Span<float> sums = stackalloc float[columns];
            for (int l = frames.First; l < frames.End; l++)
            {
                sums.Clear();
                for (int i = terms.Starts[firstBucket + l], end = terms.Starts[firstBucket + l + 1]; i < end; i++)
                {
                    var row = o.WeightRow(terms.Payloads[i]).Slice(firstColumn);
                    for (int c = 0; c < columns; c++)
                        sums[c] = MathF.FusedMultiplyAdd(row[c], terms.Values[i], sums[c]);
                }
                var frame = o.Rows.AsSpan(o.RowsOffset + b * o.FrameWidth * o.Length + l * o.Kernel + firstColumn,
                    columns);
                for (int c = 0; c < columns; c++) frame[c] = accumulate ? frame[c] + sums[c] : sums[c];
            }
        }

        // WeightGradientTail without AVX-512
        private static void WeightGradientTailOneByOne(in Operands o, NonZeroBuckets terms, int firstBucket,
            int firstAtom, int endAtom, int firstColumn, bool accumulate)
        {
            int columns = o.FrameWidth - firstColumn;
            for (int n = firstAtom; n < endAtom; n++)
            {
                var gradient = o.WeightRow(n).Slice(firstColumn);
                if (!accumulate) gradient.Clear();
                for (int i = terms.Starts[firstBucket + n]; i < terms.Starts[firstBucket + n + 1]; i++)
                {
                    int frame = terms.Payloads[i], b = frame / o.Length;
                    var row = o.Rows.AsSpan(o.RowsOffset + b * o.FrameWidth * o.Length + (frame - b * o.Length)
                        * o.Kernel + firstColumn, columns);
                    for (int c = 0; c < columns; c++)
                        gradient[c] = MathF.FusedMultiplyAdd(row[c], terms.Values[i], gradient[c]);
                }
            }
        }
    }
}
