using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
namespace TcnWtaNative.Kernels.Cpu;

public static partial class WinnerSelection
{
    /// <summary>
    /// The selection of eight consecutive code columns that do not lie side by side in z[B, N, L] (AVX-512 only):
    /// items of 2 to 7 steps (one-beat or two-beat frames of a bar), or an item's last steps with the next item's first.
    /// Lane i is column (b_i, l_i), whose value of atom n sits at z[b_i, n, l_i]; the lanes of one item are a run of
    /// consecutive floats there, so each atom's eight values are one masked load per item and go out as one masked
    /// store per item. The same cascade, tie count and writing pass as <see cref="SelectEightSteps"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SelectEightColumns(in TopKBuffers buffers, int column)
    {
        int k = buffers.K, stride = buffers.Length, atoms = buffers.Atoms;
        int origin = FirstValueOf(column, stride, atoms);
        int span = FirstValueOf(column + ColumnsAtOnce - 1, stride, atoms) + (atoms - 1) * stride + 1 - origin;
        Span<int> runStarts = stackalloc int[ColumnsAtOnce];   // where lane 0 would sit for the run's lanes to fit
        Span<Vector256<float>> runLanes = stackalloc Vector256<float>[ColumnsAtOnce];
        int runs = ItemRuns(column, stride, atoms, runStarts, runLanes);
        Span<Vector256<float>> best = stackalloc Vector256<float>[k];   // descending per lane
        var lowest = Vector256.Create(float.NegativeInfinity);
        best.Fill(lowest);
        fixed (float* z = buffers.Z.AsSpan(buffers.ZOffset + origin, span))
        fixed (float* code = buffers.Code.AsSpan(buffers.CodeOffset + origin, span))
        fixed (float* mask = buffers.Mask.AsSpan(buffers.MaskOffset + origin, span))
        {
            for (int row = 0; row < atoms * stride; row += stride)
                Hold(best, LoadRuns(z + row, runStarts[..runs], runLanes), lowest);
            var threshold = best[k - 1];
            var ties = Vector256.Create(k);   // per lane: k less the values above the threshold (a true compare is -1)
            for (int j = 0; j < k; j++) ties += Vector256.GreaterThan(best[j], threshold).AsInt32();
            for (int row = 0; row < atoms * stride; row += stride)
            {
                var value = LoadRuns(z + row, runStarts[..runs], runLanes);
                var tie = Vector256.Equals(value, threshold)
                    & Vector256.GreaterThan(ties, Vector256<int>.Zero).AsSingle();
                ties += tie.AsInt32();
                var keep = Vector256.GreaterThan(value, threshold) | tie;
                for (int r = 0; r < runs; r++)
                {
                    Avx512F.VL.MaskStore(mask + row + runStarts[r], runLanes[r], keep & Vector256<float>.One);
                    Avx512F.VL.MaskStore(code + row + runStarts[r], runLanes[r], keep & value);
                }
            }
        }
    }

    // The runs of lanes (columns column .. column + 7) that share an item, as the offset from the first lane's
    // z[b_0, 0, l_0] at which a whole vector puts the run's lanes in place, and the run's lanes set; returns the count
    private static int ItemRuns(int column, int stride, int atoms, Span<int> runStarts, Span<Vector256<float>> runLanes)
    {
        int runs = 0, origin = FirstValueOf(column, stride, atoms);
        for (int i = 0; i < ColumnsAtOnce; i++)
        {
            int c = column + i;
            if (i == 0 || c % stride == 0)
            {
                runStarts[runs] = FirstValueOf(c, stride, atoms) - origin - i;
                runLanes[runs++] = Vector256<float>.Zero;
            }
            runLanes[runs - 1] = runLanes[runs - 1].WithElement(i, BitConverter.Int32BitsToSingle(-1));
        }
        return runs;
    }

    // where code column c = b*L + l starts in z[B, N, L]: z[b, 0, l]
    private static int FirstValueOf(int c, int stride, int atoms) => c / stride * atoms * stride + c % stride;

    // the eight lanes at row's offsets: one masked load per run (lanes outside the run neither read nor fault)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> LoadRuns(float* row, ReadOnlySpan<int> runStarts,
        ReadOnlySpan<Vector256<float>> runLanes)
    {
        var value = Vector256<float>.Zero;
        for (int r = 0; r < runStarts.Length; r++) value = Avx512F.VL.MaskLoad(row + runStarts[r], runLanes[r], value);
        return value;
    }
}
