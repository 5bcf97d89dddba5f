using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The public GEMM: the tiled kernel instantiated for the four transpose combinations of row-major a and b, each
/// splitting K where <see cref="SplitKSupport"/> says so.
/// </summary>
internal sealed class GemmKernels
{
    private readonly LoadedGemm<RowMajor, RowMajor, RowMajor> _plain;
    private readonly LoadedGemm<Transposed<RowMajor>, RowMajor, RowMajor> _transposedA;
    private readonly LoadedGemm<RowMajor, Transposed<RowMajor>, RowMajor> _transposedB;
    private readonly LoadedGemm<Transposed<RowMajor>, Transposed<RowMajor>, RowMajor> _transposedBoth;

    public GemmKernels(Accelerator accelerator, SplitKSupport splitK, GemmPrecision precision)
    {
        _plain = new(accelerator, splitK, precision);
        _transposedA = new(accelerator, splitK, precision);
        _transposedB = new(accelerator, splitK, precision);
        _transposedBoth = new(accelerator, splitK, precision);
    }

    // c[M,N] = alpha * op(a)[M,K] · op(b)[K,N] + beta * c; a is stored [K,M] when transposed, b [N,K].
    public void Gemm(bool transposeA, bool transposeB, in GemmShape shape, ArrayView<float> a, ArrayView<float> b,
        ArrayView<float> c)
    {
        var output = new RowMajor(shape.N);
        var aPlain = new RowMajor(shape.K);
        var aTransposed = new Transposed<RowMajor>(new RowMajor(shape.M));
        var bPlain = new RowMajor(shape.N);
        var bTransposed = new Transposed<RowMajor>(new RowMajor(shape.K));
        switch (transposeA, transposeB)
        {
            case (false, false): _plain.Run(a, aPlain, b, bPlain, c, output, shape); break;
            case (true, false): _transposedA.Run(a, aTransposed, b, bPlain, c, output, shape); break;
            case (false, true): _transposedB.Run(a, aPlain, b, bTransposed, c, output, shape); break;
            case (true, true): _transposedBoth.Run(a, aTransposed, b, bTransposed, c, output, shape); break;
        }
    }
}
