using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Reference;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The TF32 GEMM on ILGPU's CPU accelerator, where each warp's mma runs as the shuffling emulation of the PTX
/// fragment layout: products with identity and permutation matrices land every rounded operand exactly where the
/// layout says; GEMMs and convolutions (all transposes, frames and patches, odd shapes, beta 0 and 1, split K) stay
/// within TF32's error bound of an fp64 reference; and the error really is TF32's, past anything fp32 could produce.
/// The fixture runs once on each block of the kernel (<see cref="Tf32Block"/>), forced onto every shape, with cases
/// that cross the 128x64 block's edges.
/// </summary>
[NonParallelizable]
[TestFixture(Tf32Block.Rows64)]
[TestFixture(Tf32Block.Rows128)]
public sealed class Tf32GemmTests(Tf32Block block)
{
    private const double Fp32Roundoff = 1.0 / (1 << 24);

    private readonly Dictionary<int, IlgpuBackend> _backends = [];

    [OneTimeSetUp]
    public void OpenBackends()
    {
        foreach (int slices in new[] { 1, 3 })
            _backends[slices] = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.Always(slices),
                GemmTilePolicy.AlwaysTf32(block), GemmPrecision.Tf32);
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        foreach (var backend in _backends.Values) backend.Dispose();
    }

    [TestCase(37, 21, false, TestName = "a times I is round(a), every element where it belongs")]
    [TestCase(21, 45, true, TestName = "I times b is round(b), every element where it belongs")]
    [TestCase(133, 70, false, TestName = "a times I is round(a) across every warp of two blocks each way")]
    public void IdentityProductsGiveTheRoundedOperandInPlace(int rows, int columns, bool identityOnTheLeft)
    {
        var values = RandomTensors.UniformFloat(rows * columns, seed: 5);
        int depth = identityOnTheLeft ? rows : columns;
        var identity = Permutation(Enumerable.Range(0, depth).ToArray());
        var c = identityOnTheLeft
            ? Run(_backends[1], false, false, rows, columns, rows, 1f, identity, values, 0f, null)
            : Run(_backends[1], false, false, rows, columns, columns, 1f, values, identity, 0f, null);
        for (int i = 0; i < c.Length; i++)
            Assert.That(c[i], Is.EqualTo(Tf32Rounding.Round(values[i])), $"element {i} of {rows}x{columns}");
    }

    [Test]
    public void APermutationMovesEveryRoundedColumnToItsPlace()
    {
        const int rows = 19, depth = 40;
        var order = Enumerable.Range(0, depth).OrderBy(j => (j * 17 + 5) % depth).ToArray();
        var a = RandomTensors.UniformFloat(rows * depth, seed: 6);
        var c = Run(_backends[1], false, false, rows, depth, depth, 1f, a, Permutation(order), 0f, null);
        for (int r = 0; r < rows; r++)
        for (int j = 0; j < depth; j++)
            Assert.That(c[r * depth + order[j]], Is.EqualTo(Tf32Rounding.Round(a[r * depth + j])),
                $"row {r}, column {j}");
    }

    // Every transpose at two odd shapes (beta 0 over NaN, then beta 1) unsplit, and two of them cut into 3 K slices;
    // then shapes around the 128x64 block: one exact block, and edges one past it, K off the 16-deep step, split too.
    // ILGPU's CPU accelerator runs each shuffle of the emulation as a warp barrier, so the cases stay few and small.
    public static IEnumerable<TestCaseData> GemmCases()
    {
        foreach (bool transposeA in new[] { false, true })
        foreach (bool transposeB in new[] { false, true })
        {
            yield return Case(1, transposeA, transposeB, 33, 17, 40, 0f);
            yield return Case(1, transposeA, transposeB, 5, 70, 9, 1f);
        }
        yield return Case(3, false, false, 40, 21, 75, 1f);
        yield return Case(3, true, true, 9, 35, 50, 0f);
        yield return Case(1, false, false, 128, 64, 32, 1f);
        yield return Case(1, true, false, 129, 65, 21, 0f);
        yield return Case(3, false, true, 130, 67, 100, 1f);
    }

    private static TestCaseData Case(int slices, bool transposeA, bool transposeB, int m, int n, int k, float beta)
        => new TestCaseData(slices, transposeA, transposeB, m, n, k, beta).SetArgDisplayNames($"S={slices}",
            $"{(transposeA ? 'T' : 'N')}{(transposeB ? 'T' : 'N')}", $"{m}x{n}x{k}", $"beta={beta}");

    [TestCaseSource(nameof(GemmCases))]
    public void GemmStaysWithinTheTf32Bound(int slices, bool transposeA, bool transposeB, int m, int n, int k,
        float beta)
    {
        const float alpha = -1.5f;
        var a = RandomTensors.UniformFloat(m * k, seed: 7);
        var b = RandomTensors.UniformFloat(k * n, seed: 8);
        var before = RandomTensors.UniformFloat(m * n, seed: 9);
        var c = Run(_backends[slices], transposeA, transposeB, m, n, k, alpha, a, b, beta, before);
        var exact = new double[m * n];
        var magnitude = new double[m * n];
        ReferenceOps<double>.Gemm(transposeA, transposeB, m, n, k, alpha, Wide(a), Wide(b), 0, exact);
        ReferenceOps<double>.Gemm(transposeA, transposeB, m, n, k, Math.Abs(alpha), Abs(a), Abs(b), 0, magnitude);
        for (int i = 0; i < c.Length; i++)
        {
            double reference = exact[i] + beta * before[i];
            Assert.That(Math.Abs(c[i] - reference), Is.LessThanOrEqualTo(Bound(magnitude[i], k, beta * before[i])),
                $"c[{i}]");
        }
    }

    [TestCase(2, 3, 5, 12, 4, 4, 0, TestName = "conv forward over non-overlapping frames")]
    [TestCase(2, 5, 33, 37, 3, 1, 2, TestName = "conv forward over causal patches")]
    [TestCase(3, 9, 40, 32, 8, 8, 0, TestName = "conv forward over frames past one tile")]
    public void ConvolutionStaysWithinTheTf32Bound(int batch, int inChannels, int outChannels, int length, int kernel,
        int stride, int padLeft)
    {
        var g = new ConvGeometry(batch, inChannels, outChannels, length, kernel, stride, PadLeft: padLeft);
        var x = RandomTensors.UniformFloat(g.InputSize, seed: 10);
        var w = RandomTensors.UniformFloat(g.WeightSize, seed: 11);
        var backend = _backends[1];
        using var xs = backend.Uploaded(x);
        using var ws = backend.Uploaded(w);
        using var ys = backend.Allocate(g.OutputSize);
        backend.Conv1dForward(g, xs, ws, null, ys);
        var y = new float[g.OutputSize];
        backend.Download(ys, y);
        var exact = new double[g.OutputSize];
        var magnitude = new double[g.OutputSize];
        ReferenceOps<double>.Conv1dForward(g, Wide(x), Wide(w), ReadOnlySpan<double>.Empty, exact);
        ReferenceOps<double>.Conv1dForward(g, Abs(x), Abs(w), ReadOnlySpan<double>.Empty, magnitude);
        for (int i = 0; i < y.Length; i++)
            Assert.That(Math.Abs(y[i] - exact[i]), Is.LessThanOrEqualTo(Bound(magnitude[i], inChannels * kernel, 0)),
                $"y[{i}]");
    }

    [Test]
    public void TheErrorIsTf32SizedNotFp32Exact()
    {
        const int m = 32, n = 32, k = 256;
        var a = RandomTensors.UniformFloat(m * k, seed: 12);
        var b = RandomTensors.UniformFloat(k * n, seed: 13);
        var c = Run(_backends[1], false, false, m, n, k, 1f, a, b, 0f, null);
        var exact = new double[m * n];
        var magnitude = new double[m * n];
        ReferenceOps<double>.Gemm(false, false, m, n, k, 1, Wide(a), Wide(b), 0, exact);
        ReferenceOps<double>.Gemm(false, false, m, n, k, 1, Abs(a), Abs(b), 0, magnitude);
        double worst = Enumerable.Range(0, c.Length).Max(i => Math.Abs(c[i] - exact[i]) / magnitude[i]);
        Assert.That(worst, Is.GreaterThan((k + 8) * Fp32Roundoff),
            "no element strays past fp32's own bound: the operands were not rounded to TF32");
    }

    // |c - c_exact| for one element: each product of TF32-rounded operands is off by at most (2u + u^2) of its size
    // (u = 2^-11); the fp32 sum over K terms, the split-K partial sums and the alpha/beta epilogue add at most
    // (K + 8) fp32 roundoffs of the magnitude sum(|alpha a b|), and the epilogue two of |beta c|.
    private static double Bound(double magnitude, int depth, double betaTerm)
    {
        double u = Tf32Rounding.UnitRoundoff;
        return (2 * u + u * u + (depth + 8) * Fp32Roundoff) * magnitude * 1.01
            + 2 * Fp32Roundoff * Math.Abs(betaTerm) + 1e-30;
    }

    private static float[] Run(IlgpuBackend backend, bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float[] a, float[] b, float beta, float[]? before)
    {
        using var aBuffer = backend.Uploaded(a);
        using var bBuffer = backend.Uploaded(b);
        using var cBuffer = backend.Uploaded(before ?? Enumerable.Repeat(float.NaN, m * n).ToArray());
        backend.Gemm(transposeA, transposeB, m, n, k, alpha, aBuffer, bBuffer, beta, cBuffer);
        var c = new float[m * n];
        backend.Download(cBuffer, c);
        return c;
    }

    // The square matrix that sends column j of a left factor to column order[j]: P[j, order[j]] = 1.
    private static float[] Permutation(int[] order)
    {
        var p = new float[order.Length * order.Length];
        for (int j = 0; j < order.Length; j++) p[j * order.Length + order[j]] = 1f;
        return p;
    }

    private static double[] Wide(float[] values) => RandomTensors.ToDouble(values);

    private static double[] Abs(float[] values) => values.Select(v => (double)Math.Abs(v)).ToArray();
}
