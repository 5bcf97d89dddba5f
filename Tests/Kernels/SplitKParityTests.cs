using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Split-K forced onto every GEMM of the ILGPU backend (on ILGPU's CPU accelerator) against the SIMD CPU backend:
/// the GEMM and convolution checks of `verify-kernels` (all transposes, beta 0 over NaN and beta 1, overwrite and
/// accumulate, K below, above and not divisible by the slice count), and a split sum is the same bits every run. The
/// fixture runs once on each GEMM kernel (<see cref="GemmTile"/>), forced onto every shape.
/// </summary>
[NonParallelizable]
[TestFixture(GemmTile.Block32)]
[TestFixture(GemmTile.Block64)]
[TestFixture(GemmTile.Block128)]
public sealed class SplitKParityTests(GemmTile tile)
{
    // 1 forces the unsplit path even on the catalogue's deep shapes; 7 exceeds some K, leaving empty slices.
    private static readonly int[] ForcedSlices = [1, 3, 7];

    private readonly Dictionary<int, IlgpuBackend> _candidates = [];
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenBackends()
    {
        _reference = new CpuBackend();
        foreach (int slices in ForcedSlices)
            _candidates[slices] = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.Always(slices),
                GemmTilePolicy.Always(tile));
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        foreach (var candidate in _candidates.Values) candidate.Dispose();
        _reference.Dispose();
    }

    public static IEnumerable<TestCaseData> Checks()
        => from slices in ForcedSlices
           from check in GemmChecks.All().Concat(ConvChecks.All())
           select new TestCaseData(slices, check).SetArgDisplayNames($"S={slices}", check.ToString());

    [TestCaseSource(nameof(Checks))]
    public void ForcedSlicesMatchTheCpuBackend(int slices, ParityCheck check)
    {
        var result = check.Run(_candidates[slices], _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    [Test]
    public void ASplitSumIsTheSameBitsEveryRun()
    {
        const int m = 9, n = 13, k = 500;
        var backend = _candidates[7];
        using var a = backend.Uploaded(RandomTensors.UniformFloat(m * k, 1));
        using var b = backend.Uploaded(RandomTensors.UniformFloat(k * n, 2));
        using var c = backend.Allocate(m * n);
        var runs = new float[2][];
        for (int run = 0; run < runs.Length; run++)
        {
            backend.Gemm(true, false, m, n, k, 1f, a, b, 0f, c);
            runs[run] = new float[m * n];
            backend.Download(c, runs[run]);
        }
        Assert.That(runs[1], Is.EqualTo(runs[0]));
    }
}
