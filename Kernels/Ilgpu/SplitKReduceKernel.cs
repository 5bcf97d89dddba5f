using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The second pass of a split-K GEMM: each thread adds one output element's partial sums in slice order 0..S-1 (a
/// fixed order, so results are reproducible run to run), then stores alpha * sum + beta * c through c's layout.
/// </summary>
internal static class SplitKReduceKernel
{
    // c(row, col) = alpha * Σ_z partials[z*stride + cLayout(row, col)] + beta * c(row, col), for the M*N outputs.
    // partials[S, stride]: slice z's block written through cLayout at offset z*stride.
    public static void Kernel<TC>(Index1D i, ArrayView<float> partials, int slices, int stride,
        ArrayView<float> c, TC cLayout, GemmShape shape) where TC : struct, IMatrixLayout
    {
        // Adjacent threads take adjacent rows when c's rows are adjacent in memory, so loads and stores coalesce.
        int row = cLayout.RowsContiguous ? i % shape.M : i / shape.N;
        int col = cLayout.RowsContiguous ? i / shape.M : i % shape.N;
        int index = cLayout.IndexOf(row, col);
        float sum = 0f;
        for (int z = 0; z < slices; z++) sum += partials[z * (long)stride + index];
        TiledGemmKernel.Store(c, cLayout, shape, row, col, sum);
    }
}
