using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// One instantiation of the GEMM kernels for a choice of operand layouts: <see cref="TiledGemmKernel"/> (or, at
/// TF32, <see cref="Tf32GemmKernel"/>, which shares its grid) compiled once, and the register-blocked fp32 kernel
/// (<see cref="RegisterBlockedGemmKernel"/>) and the split-K reduction (<see cref="SplitKReduceKernel"/>) compiled on
/// first use.
/// </summary>
internal sealed class LoadedGemm<TA, TB, TC>
    where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
{
    private readonly Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC, GemmShape,
        KSlices>
        _kernel;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC,
        GemmShape, KSlices, VectorReads>> _blocked;
    private readonly Lazy<Action<Index1D, ArrayView<float>, int, int, ArrayView<float>, TC, GemmShape>> _reduce;
    private readonly SplitKSupport _splitK;
    private readonly GemmPrecision _precision;

    public LoadedGemm(Accelerator accelerator, SplitKSupport splitK, GemmPrecision precision)
    {
        Action<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC, GemmShape, KSlices> kernel =
            precision == GemmPrecision.Tf32 ? Tf32GemmKernel.Kernel : TiledGemmKernel.Kernel;
        _kernel = accelerator.LoadStreamKernel(kernel);
        _blocked = new(() => accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>,
            TC, GemmShape, KSlices, VectorReads>(RegisterBlockedGemmKernel.Kernel));
        _precision = precision;
        _reduce = new(() => accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, int, int, ArrayView<float>, TC, GemmShape>(SplitKReduceKernel.Kernel));
        _splitK = splitK;
    }

    /// <summary>
    /// c = alpha * a · b + beta * c with every operand read through its layout; asynchronous on the default stream.
    /// Split shapes write S partial outputs (laid out like c, <paramref name="c"/>.Length apart) to scratch, then
    /// add them. At fp32 the 32x32 or the 64x64 kernel computes the products, as <see cref="SplitKSupport.ChooseTile"/>
    /// says; at TF32 always the tensor-core kernel on the 32x32 grid.
    /// </summary>
    public void Run(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout, ArrayView<float> c, TC cLayout,
        in GemmShape shape)
    {
        if (shape.M == 0 || shape.N == 0) return;
        var split = _splitK.Choose(shape);
        var tile = _precision == GemmPrecision.Tf32 ? GemmTile.Block32 : _splitK.ChooseTile(shape, split);
        if (!split.IsSplit)
        {
            Launch(tile, 1, a, aLayout, b, bLayout, c, cLayout, shape, new KSlices(shape.K, 0));
            return;
        }
        int stride = (int)c.Length;
        var partials = _splitK.Partials(split.Slices, stride);
        var partialShape = shape with { Alpha = 1f, Beta = 0f };
        Launch(tile, split.Slices, a, aLayout, b, bLayout, partials, cLayout, partialShape,
            new KSlices(split.Depth, stride));
        _reduce.Value(shape.M * shape.N, partials, split.Slices, stride, c, cLayout, shape);
    }

    private void Launch(GemmTile tile, int slices, ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, in GemmShape shape, KSlices kSlices)
    {
        if (tile == GemmTile.Block64)
            _blocked.Value(RegisterBlockedGemmKernel.Config(shape, slices), a, aLayout, b, bLayout, c, cLayout, shape,
                kSlices, VectorReads.Of(a, aLayout, b, bLayout));
        else
            _kernel(TiledGemmKernel.Config(shape, slices), a, aLayout, b, bLayout, c, cLayout, shape, kSlices);
    }
}
