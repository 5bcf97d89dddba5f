using System.Numerics.Tensors;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>The steps of one GEMM on the cores, in order; packing and summing only where needed.</summary>
internal enum GemmStep
{
    /// <summary>op(A), and a shared op(B), packed.</summary>
    Packing,
    /// <summary>The micro-tiles, per depth slice.</summary>
    Tiles,
    /// <summary>The later depth slices' partial products added into C.</summary>
    SummingSlices,
}

public sealed partial class PackedGemm
{
    /// <summary>Depth steps per slice of a product split along its depth: two depth blocks.</summary>
    public const int SliceDepth = 2 * DepthBlock;
    private const int SlicedOutputLimit = 1 << 16;   // floats (256 KB) of C: a small output, in L2 beside its panels

    private float[] _slicePartials = [];

    /// <summary>
    /// How many depth slices a product splits into: one, unless C is small and the depth long (a TCN layer's weight
    /// gradient is 64 x 192 over 4,096 steps; groove's encoder's, 100 x 432 over 4,096 bars). There, column and row
    /// blocks alone make few tasks, each reading its panels over the whole depth from memory, so each slice of
    /// <see cref="SliceDepth"/> steps (the last one longer) computes all of C from panels that stay in cache, into C
    /// itself (the first) or a partial, and the partials are added into C in slice order. The split follows the shape
    /// alone, so the floats do not depend on the core count. Not with an epilogue, which needs C's final blocks.
    /// </summary>
    private static int DepthSlices<TE>(int m, int n, int k) where TE : struct, IGemmEpilogue
        => typeof(TE) == typeof(NoEpilogue) && (long)m * n <= SlicedOutputLimit ? Math.Max(1, k / SliceDepth) : 1;

    private sealed partial class GemmRun<TA, TB, TE>
    {
        private const int SumChunk = 1 << 12;   // floats of C per summing item
        private int _slices = 1;
        private float[] _partials = [];

        public int SumItems => (_m * _n + SumChunk - 1) / SumChunk;
        private int TilesPerSlice => ColTasks * _rowGroups;

        public void SetSlices(int slices, float[] partials) => (_slices, _partials) = (slices, partials);

        // depth steps [start, end) of slice `slice`: whole depth blocks, the last slice to the end
        private (int Start, int End) SliceDepths(int slice)
            => (slice * SliceDepth, slice == _slices - 1 ? _k : (slice + 1) * SliceDepth);

        // where slice `slice` (from 1) keeps its partial product [M, N]
        private int PartialOffset(int slice) => (slice - 1) * _m * _n;

        // C's floats [item * SumChunk, ...) += each later slice's partial, in slice order
        public void SumSlices(int item)
        {
            int start = item * SumChunk, count = Math.Min(SumChunk, _m * _n - start);
            var sum = _c.AsSpan(_cOffset + start, count);
            for (int slice = 1; slice < _slices; slice++)
                TensorPrimitives.Add(sum, _partials.AsSpan(PartialOffset(slice) + start, count), sum);
        }
    }
}
