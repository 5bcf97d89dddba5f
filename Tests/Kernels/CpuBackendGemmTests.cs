using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The packed GEMM (6x32 or 6x16 micro-tiles, 256-deep blocks, tasks shrunk to keep every core busy) against the scalar
/// loops: every transpose combination, alpha and beta, and sizes that leave partial panels, span several depth blocks
/// and several tasks in each direction, or split a small output's long depth into slices.
/// </summary>
public class CpuBackendGemmTests
{
    private readonly BackendParity _parity = new(new CpuBackend(), new ScalarBackend());

    private static readonly (int M, int N, int K, string Why)[] Shapes =
    [
        (1, 1, 1, "scalar"),
        (7, 17, 5, "one partial panel each way"),
        (6, 16, 256, "exact panel and one full depth block"),
        (18, 96, 300, "full 6x32 and 6x16 tiles only, two depth blocks"),
        (12, 1000, 40, "many column panels, tasks split by columns"),
        (13, 33, 257, "two depth blocks, the second one deep"),
        (37, 45, 600, "three depth blocks"),
        (100, 3, 513, "narrow output, many row panels"),
        (5, 300, 70, "more than one column task"),
        (80, 20, 30, "more than one row task"),
        (4, 5, 0, "empty depth: C = beta * C"),
        (20, 70, 1300, "small output, long depth: two depth slices, the last one longer"),
        (64, 192, 4096, "a TCN layer's weight gradient: eight depth slices"),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from s in Shapes
        from transposeA in new[] { false, true }
        from transposeB in new[] { false, true }
        from beta in new[] { 0f, -1.25f }
        select new TestCaseData(s.M, s.N, s.K, transposeA, transposeB, beta)
            .SetArgDisplayNames($"{s.M}x{s.N}x{s.K} {s.Why}", $"tA={transposeA}", $"tB={transposeB}", $"beta={beta}");

    [TestCaseSource(nameof(Cases))]
    public void GemmMatchesScalar(int m, int n, int k, bool transposeA, bool transposeB, float beta)
    {
        const float alpha = 0.75f;
        var (absolute, relative) = BackendParity.SumTolerance(k + 1);
        // beta = 0 must ignore C's old contents, NaN included.
        var c = beta == 0 ? Enumerable.Repeat(float.NaN, m * n).ToArray() : RandomTensors.UniformFloat(m * n, 3);
        float[][] buffers = [RandomTensors.UniformFloat(m * k, 1), RandomTensors.UniformFloat(k * n, 2), c];
        _parity.AssertClose($"gemm {m}x{n}x{k} tA={transposeA} tB={transposeB} beta={beta}", buffers,
            (backend, b)
                => backend.Gemm(transposeA, transposeB, m, n, k, alpha, b[0], b[1], beta, b[2]), absolute, relative);
    }

    [TestCase(9, 19, 11)]
    [TestCase(9, 19, 1100)]   // in two depth slices
    public void GemmOnSlicesOfOneBufferReadsAndWritesOnlyTheirRanges(int m, int n, int k)
    {
        // Parameters live in one contiguous buffer handed out as views: offsets must be honoured and neighbours left
        // alone.
        var (absolute, relative) = BackendParity.SumTolerance(k);
        float[][] buffers = [RandomTensors.UniformFloat(3 + m * k + 5 + k * n + 7 + m * n + 2, 4)];
        _parity.AssertClose("gemm on slices", buffers, (backend, b) => backend.Gemm(false, true, m, n, k, 1f,
            b[0].Slice(3, m * k), b[0].Slice(3 + m * k + 5, k * n), 0f, b[0].Slice(3 + m * k + 5 + k * n + 7, m * n)),
                absolute, relative);
    }
}
