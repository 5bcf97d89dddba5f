using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// One instantiation of the GEMM kernels for a choice of operand layouts, each compiled on first use: at fp32 the
/// 32x32 <see cref="TiledGemmKernel"/>, the 64x64 <see cref="RegisterBlockedGemmKernel"/> and the 128x128
/// <see cref="RegisterBlocked128GemmKernel"/>, at TF32 the tensor-core
/// <see cref="Tf32GemmKernel"/>, and the split-K reduction (<see cref="SplitKReduceKernel"/>).
/// </summary>
internal sealed class LoadedGemm<TA, TB, TC>
    where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
{
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC,
        GemmShape, KSlices>> _tiled;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC,
        GemmShape, KSlices, VectorReads>> _blocked;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC,
        GemmShape, KSlices, VectorReads>> _blocked128;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC,
        GemmShape, KSlices, VectorReads>> _tf32;
    private readonly Lazy<Action<Index1D, ArrayView<float>, int, int, ArrayView<float>, TC, GemmShape>> _reduce;
    private readonly SplitKSupport _splitK;
    private readonly GemmPrecision _precision;
    private readonly Dictionary<(int M, int N, int K), TunedGemmChoice> _tuned = [];

    public LoadedGemm(Accelerator accelerator, SplitKSupport splitK, GemmPrecision precision)
    {
        _tiled = new(() => accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>,
            TC, GemmShape, KSlices>(TiledGemmKernel.Kernel));
        _blocked = new(() => accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>,
            TC, GemmShape, KSlices, VectorReads>(RegisterBlockedGemmKernel.Kernel));
        _blocked128 = new(() => accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB,
            ArrayView<float>, TC, GemmShape, KSlices, VectorReads>(RegisterBlocked128GemmKernel.Kernel));
        _tf32 = new(() => accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>,
            TC, GemmShape, KSlices, VectorReads>(Tf32GemmKernel.Kernel));
        _reduce = new(() => accelerator.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, int, int, ArrayView<float>, TC, GemmShape>(SplitKReduceKernel.Kernel));
        _splitK = splitK;
        _precision = precision;
    }

    /// <summary>
    /// c = alpha * a · b + beta * c with every operand read through its layout; asynchronous on the default stream.
    /// The shape's plan comes from the policies, or from the tuner's timing the first time its class of shapes comes
    /// (<see cref="SplitKSupport.Tuner"/>). Split shapes write S partial outputs (laid out like c,
    /// <paramref name="c"/>.Length apart) to scratch, then add them. At fp32 the plan's tile kernel computes the
    /// products; at TF32 the tensor-core kernel on the plan's block.
    /// </summary>
    public void Run(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout, ArrayView<float> c, TC cLayout,
        in GemmShape shape)
    {
        if (shape.M == 0 || shape.N == 0) return;
        var plan = _splitK.Tuner is { } tuner ? Tuned(tuner, a, aLayout, b, bLayout, (int)c.Length, cLayout, shape)
            : _splitK.Plan(shape);
        Run(plan, a, aLayout, b, bLayout, c, cLayout, shape);
    }

    // the plan the tuner chose for this shape's class, timing the candidates into its scratch output the first time
    private GemmPlan Tuned(GemmTuner tuner, ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        int outputLength, TC cLayout, GemmShape shape)
    {
        var rules = _splitK.Plan(shape);
        var shapeClass = TunedGemmChoice.ClassOf(shape);
        if (!_tuned.TryGetValue(shapeClass, out var choice))
        {
            var output = tuner.Output(outputLength);
            choice = tuner.Fastest(_splitK.Candidates(shape, _precision),
                candidate => Run(candidate.For(shape, rules), a, aLayout, b, bLayout, output, cLayout, shape));
            _tuned[shapeClass] = choice;
        }
        return choice.For(shape, rules);
    }

    private void Run(GemmPlan plan, ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, in GemmShape shape)
    {
        var split = plan.Split;
        if (!split.IsSplit)
        {
            Launch(plan, a, aLayout, b, bLayout, c, cLayout, shape, new KSlices(shape.K, 0));
            return;
        }
        int stride = (int)c.Length;
        var partials = _splitK.Partials(split.Slices, stride);
        var partialShape = shape with { Alpha = 1f, Beta = 0f };
        Launch(plan, a, aLayout, b, bLayout, partials, cLayout, partialShape, new KSlices(split.Depth, stride));
        _reduce.Value(shape.M * shape.N, partials, split.Slices, stride, c, cLayout, shape);
    }

    private void Launch(GemmPlan plan, ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout,
        ArrayView<float> c, TC cLayout, in GemmShape shape, KSlices kSlices)
    {
        var reads = VectorReads.Of(a, aLayout, b, bLayout);
        int slices = plan.Split.Slices;
        if (_precision == GemmPrecision.Tf32)
        {
            _tf32.Value(Tf32GemmKernel.Config(shape, plan.Block, slices), a, aLayout, b, bLayout, c, cLayout, shape,
                kSlices, reads);
            return;
        }
        switch (plan.Tile)
        {
            case GemmTile.Block128:
                _blocked128.Value(RegisterBlocked128GemmKernel.Config(shape, slices), a, aLayout, b, bLayout, c,
                    cLayout, shape, kSlices, reads);
                break;
            case GemmTile.Block64:
                _blocked.Value(RegisterBlockedGemmKernel.Config(shape, slices), a, aLayout, b, bLayout, c,
                    cLayout, shape, kSlices, reads);
                break;
            default:
                _tiled.Value(TiledGemmKernel.Config(shape, slices), a, aLayout, b, bLayout, c, cLayout, shape,
                    kSlices);
                break;
        }
    }
}
