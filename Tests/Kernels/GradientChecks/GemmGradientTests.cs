using TcnWtaNative.Tests.Support;
using static TcnWtaNative.Tests.Support.FiniteDifference;
using Ops = TcnWtaNative.Kernels.Reference.ReferenceOps<double>;

namespace TcnWtaNative.Tests.Kernels.GradientChecks;

/// <summary>
/// C = alpha op(A) op(B) + beta C0 in float64, all four transpose combinations. With L = sum(C * R):
///   dop(A) = alpha R op(B)^T,  dop(B) = alpha op(A)^T R,  dC0 = beta R,
/// each written as one Gemm call on the stored layouts, and checked against central differences.
/// </summary>
public class GemmGradientTests
{
    private const int M = 4, N = 5, K = 3;
    private const double Alpha = 1.5;

    private static double Loss(bool transposeA, bool transposeB, double beta, double[] a, double[] b, double[] c0,
        double[] upstream)
    {
        var c = (double[])c0.Clone();
        Ops.Gemm(transposeA, transposeB, M, N, K, Alpha, a, b, beta, c);
        return Dot(c, upstream);
    }

    [Test]
    public void GemmGradientsMatchCentralDifferences([Values] bool transposeA, [Values] bool transposeB,
        [Values(0.0, 0.75)] double beta)
    {
        var a = RandomTensors.Uniform(M * K, 1);   // [M,K], or [K,M] when transposeA
        var b = RandomTensors.Uniform(K * N, 2);   // [K,N], or [N,K] when transposeB
        var c0 = RandomTensors.Uniform(M * N, 3);
        var upstream = RandomTensors.Uniform(M * N, 4);

        var da = new double[M * K];
        if (!transposeA) Ops.Gemm(false, !transposeB, M, K, N, Alpha, upstream, b, 0, da);   // dA[M,K] = alpha
                                                                                             // R op(B)^T
        else Ops.Gemm(transposeB, true, K, M, N, Alpha, b, upstream, 0, da);                 // dA[K,M] = alpha
                                                                                             // op(B) R^T
        var db = new double[K * N];
        if (!transposeB) Ops.Gemm(!transposeA, false, K, N, M, Alpha, a, upstream, 0, db);   // dB[K,N] = alpha
                                                                                             // op(A)^T R
        else Ops.Gemm(true, transposeA, N, K, M, Alpha, upstream, a, 0, db);                 // dB[N,K] = alpha
                                                                                             // R^T op(A)
        var dc0 = upstream.Select(r => beta * r).ToArray();

        AssertGradient("gemm dL/dA", p => Loss(transposeA, transposeB, beta, p, b, c0, upstream), a, da);
        AssertGradient("gemm dL/dB", p => Loss(transposeA, transposeB, beta, a, p, c0, upstream), b, db);
        AssertGradient("gemm dL/dC0", p => Loss(transposeA, transposeB, beta, a, b, p, upstream), c0, dc0);
    }

    [Test]
    public void BetaZeroIgnoresNaNInTheOutput()
    {
        var c = Enumerable.Repeat(double.NaN, M * N).ToArray();
        Ops.Gemm(false, false, M, N, K, Alpha, RandomTensors.Uniform(M * K, 5), RandomTensors.Uniform(K * N, 6), 0, c);
        Assert.That(c, Has.All.Not.NaN);
    }
}
