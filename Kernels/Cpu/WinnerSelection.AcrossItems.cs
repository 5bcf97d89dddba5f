using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
namespace TcnWtaNative.Kernels.Cpu;

public static partial class WinnerSelection
{
    /// <summary>
    /// The selection of eight consecutive code columns that do not lie side by side in z[B, N, L] (AVX-512 only):
    /// items of 2 to 7 steps (one-beat or two-beat frames of a bar), or an item's last steps with the next item's
    /// first. Lane i is column (b_i, l_i), whose value of atom n sits at z[b_i, n, l_i]; the lanes of one item are a
    /// run of consecutive floats there. Where the eight columns are whole items of 4 or 2 steps, each atom's eight
    /// values are two 128-bit or four 64-bit moves (<see cref="WholeItemsOfFour"/>, <see cref="WholeItemsOfTwo"/>);
    /// elsewhere one masked load and store per item (<see cref="MaskedItemRuns"/>, slower on Zen 5). The same cascade,
    /// tie count and writing pass as <see cref="SelectEightSteps"/>.
    /// </summary>
    private static unsafe void SelectEightColumns(in TopKBuffers buffers, int column)
    {
        int stride = buffers.Length, atoms = buffers.Atoms, itemSize = atoms * stride;
        int origin = FirstValueOf(column, stride, atoms);
        int span = FirstValueOf(column + ColumnsAtOnce - 1, stride, atoms) + (atoms - 1) * stride + 1 - origin;
        bool wholeItems = column % stride == 0;
        if (wholeItems && stride == 4) SelectEightColumns(buffers, origin, span, new WholeItemsOfFour(itemSize));
        else if (wholeItems && stride == 2) SelectEightColumns(buffers, origin, span, new WholeItemsOfTwo(itemSize));
        else
        {
            int* runStarts = stackalloc int[ColumnsAtOnce];   // where lane 0 would sit for the run's lanes to fit
            var runLanes = stackalloc Vector256<float>[ColumnsAtOnce];
            int runs = ItemRuns(column, stride, atoms, new(runStarts, ColumnsAtOnce), new(runLanes, ColumnsAtOnce));
            SelectEightColumns(buffers, origin, span, new MaskedItemRuns(runStarts, runLanes, runs));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SelectEightColumns<TLanes>(in TopKBuffers buffers, int origin, int span, TLanes lanes)
        where TLanes : struct, IColumnLanes
    {
        int k = buffers.K, stride = buffers.Length, atoms = buffers.Atoms;
        Span<Vector256<float>> best = stackalloc Vector256<float>[k];   // descending per lane
        var lowest = Vector256.Create(float.NegativeInfinity);
        best.Fill(lowest);
        fixed (float* z = buffers.Z.AsSpan(buffers.ZOffset + origin, span))
        fixed (float* code = buffers.Code.AsSpan(buffers.CodeOffset + origin, span))
        fixed (float* mask = buffers.Mask.AsSpan(buffers.MaskOffset + origin, span))
        {
            for (int row = 0; row < atoms * stride; row += stride) Hold(best, lanes.Load(z + row), lowest);
            var threshold = best[k - 1];
            var ties = Vector256.Create(k);   // per lane: k less the values above the threshold (a true compare is -1)
            for (int j = 0; j < k; j++) ties += Vector256.GreaterThan(best[j], threshold).AsInt32();
            for (int row = 0; row < atoms * stride; row += stride)
            {
                var value = lanes.Load(z + row);
                var tie = Vector256.Equals(value, threshold)
                    & Vector256.GreaterThan(ties, Vector256<int>.Zero).AsSingle();
                ties += tie.AsInt32();
                var keep = Vector256.GreaterThan(value, threshold) | tie;
                lanes.Store(mask + row, keep & Vector256<float>.One);
                lanes.Store(code + row, keep & value);
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

    // how the eight lanes of one atom's row are read from, and written to, a row pointer at the first lane's value
    private unsafe interface IColumnLanes
    {
        Vector256<float> Load(float* row);
        void Store(float* row, Vector256<float> value);
    }

    // lanes 0-3 and 4-7 are two items of 4 steps, itemSize floats apart
    private readonly unsafe struct WholeItemsOfFour(int itemSize) : IColumnLanes
    {
        public Vector256<float> Load(float* row)
            => Vector256.Create(Vector128.Load(row), Vector128.Load(row + itemSize));

        public void Store(float* row, Vector256<float> value)
        {
            value.GetLower().Store(row);
            value.GetUpper().Store(row + itemSize);
        }
    }

    // lane pairs are four items of 2 steps, itemSize floats apart: each pair one 64-bit word
    private readonly unsafe struct WholeItemsOfTwo(int itemSize) : IColumnLanes
    {
        public Vector256<float> Load(float* row) => Vector256.Create(*(long*)row, *(long*)(row + itemSize),
            *(long*)(row + 2 * itemSize), *(long*)(row + 3 * itemSize)).AsSingle();

        public void Store(float* row, Vector256<float> value)
        {
            var words = value.AsInt64();
            *(long*)row = words.GetElement(0);
            *(long*)(row + itemSize) = words.GetElement(1);
            *(long*)(row + 2 * itemSize) = words.GetElement(2);
            *(long*)(row + 3 * itemSize) = words.GetElement(3);
        }
    }

    // any runs of lanes (ItemRuns): one masked load or store per run (lanes outside it neither read nor fault)
    private readonly unsafe struct MaskedItemRuns(int* runStarts, Vector256<float>* runLanes, int runs) : IColumnLanes
    {
        public Vector256<float> Load(float* row)
        {
            var value = Vector256<float>.Zero;
            for (int r = 0; r < runs; r++) value = Avx512F.VL.MaskLoad(row + runStarts[r], runLanes[r], value);
            return value;
        }

        public void Store(float* row, Vector256<float> value)
        {
            for (int r = 0; r < runs; r++) Avx512F.VL.MaskStore(row + runStarts[r], runLanes[r], value);
        }
    }
}
