using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>One instantiation of <see cref="TiledGemmKernel"/> for a choice of operand layouts, compiled once.</summary>
internal sealed class LoadedGemm<TA, TB, TC>
    where TA : struct, IMatrixLayout where TB : struct, IMatrixLayout where TC : struct, IMatrixLayout
{
    private readonly Action<KernelConfig, ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC, GemmShape> _kernel;

    public LoadedGemm(Accelerator accelerator)
        => _kernel = accelerator.LoadStreamKernel<ArrayView<float>, TA, ArrayView<float>, TB, ArrayView<float>, TC, GemmShape>(
            TiledGemmKernel.Kernel);

    /// <summary>c = alpha * a · b + beta * c with every operand read through its layout; asynchronous on the default stream.</summary>
    public void Run(ArrayView<float> a, TA aLayout, ArrayView<float> b, TB bLayout, ArrayView<float> c, TC cLayout, in GemmShape shape)
    {
        if (shape.M == 0 || shape.N == 0) return;
        _kernel(TiledGemmKernel.Config(shape), a, aLayout, b, bLayout, c, cLayout, shape);
    }
}
