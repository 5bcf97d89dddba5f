using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// GEMM plans chosen by timing (<see cref="IlgpuBackend.TunesGemms"/>, on ILGPU's CPU accelerator): every GEMM and
/// convolution check of `verify-kernels` still matches the SIMD CPU backend, each check's first GEMM being the one
/// whose candidates are timed (so an output that is accumulated into is written once, not once per candidate), and a
/// class of shapes (sizes to the next power of two) is timed once, its candidates being every fp32 kernel with the
/// shape rules' split and unsplit, and its choice runs its later shapes exactly.
/// </summary>
[NonParallelizable]
public sealed class TimedGemmPlanTests
{
    private IlgpuBackend _timed = null!;
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenBackends()
    {
        _reference = new CpuBackend();
        _timed = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmTilePolicy.ByShape,
            GemmPrecision.Fp32) { TunesGemms = true };
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        _timed.Dispose();
        _reference.Dispose();
    }

    public static IEnumerable<TestCaseData> Checks()
        => GemmChecks.All().Concat(ConvChecks.All()).Select(check => new TestCaseData(check)
            .SetArgDisplayNames(check.ToString()));

    [TestCaseSource(nameof(Checks))]
    public void TimedPlansMatchTheCpuBackend(ParityCheck check)
    {
        var result = check.Run(_timed, _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    [TestCase(8, 8, 4096, TestName = "ADeepGemmOfSmallOutput")]
    [TestCase(300, 260, 40, TestName = "AShallowGemmOfLargeOutput")]
    public void AClassOfShapesIsTimedOnceOverEveryKernelWithTheRulesSplitAndUnsplit(int m, int n, int k)
    {
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmTilePolicy.ByShape,
            GemmPrecision.Fp32) { TunesGemms = true };
        var timed = new List<int>();
        // the shape, again, a shape of its class (each size to the same power of two), a shape of another class
        foreach (int rows in new[] { m, m, m - 1, 2 * m + 1 })
        {
            Multiply(backend, rows, n, k);
            timed.Add(backend.TimedGemmPlans);
        }

        int kernels = Enum.GetValues<GemmTile>().Length;
        Assert.Multiple(() =>
        {
            Assert.That(timed[0], Is.EqualTo(kernels).Or.EqualTo(2 * kernels), "each kernel, one or two splits");
            Assert.That(timed[1], Is.EqualTo(timed[0]), "the same shape again is not timed");
            Assert.That(timed[2], Is.EqualTo(timed[0]), "nor a shape of its class");
            Assert.That(timed[3] - timed[2], Is.EqualTo(kernels).Or.EqualTo(2 * kernels), "a shape of another is");
            Assert.That(backend.TunesGemms, Is.True);
        });
    }

    // The choice timed on a class's first shape runs every later shape of the class, the rules' split recomputed for
    // its own depth: a piece of another length gets the same product as the CPU backend's.
    [TestCase(8, 8, 4096, 8, 8, 2100, TestName = "ASplitChoiceOnAShallowerDepth")]
    [TestCase(8, 8, 2100, 7, 5, 4096, TestName = "AChoiceOnAnotherShapeOfTheClass")]
    [TestCase(300, 260, 40, 257, 259, 33, TestName = "AnUnsplitChoiceOnSmallerSizes")]
    public void LaterShapesOfAClassRunItsChoiceExactly(int m, int n, int k, int laterM, int laterN, int laterK)
    {
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmTilePolicy.ByShape,
            GemmPrecision.Fp32) { TunesGemms = true };
        Multiply(backend, m, n, k);
        int timed = backend.TimedGemmPlans;

        var product = Multiply(backend, laterM, laterN, laterK);
        var expected = Multiply(_reference, laterM, laterN, laterK);

        Assert.Multiple(() =>
        {
            Assert.That(backend.TimedGemmPlans, Is.EqualTo(timed), "the later shape is of the first one's class");
            Assert.That(product, Is.EqualTo(expected).Within(1e-3f));
        });
    }

    [Test]
    public void ABackendTimesNothingUnlessAsked()
    {
        using var backend = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmTilePolicy.ByShape,
            GemmPrecision.Fp32);
        using var a = backend.Uploaded(RandomTensors.UniformFloat(64, 1));
        using var c = backend.Allocate(64);
        backend.Gemm(false, false, 8, 8, 8, 1f, a, a, 0f, c);

        Assert.That((backend.TunesGemms, backend.TimedGemmPlans), Is.EqualTo((false, 0)));
    }

    // c[rows, n] = a[rows, k] · b[k, n] of seeded values, read back
    private static float[] Multiply(IComputeBackend backend, int rows, int n, int k)
    {
        using var a = backend.Uploaded(RandomTensors.UniformFloat(rows * k, 1));
        using var b = backend.Uploaded(RandomTensors.UniformFloat(k * n, 2));
        using var c = backend.Allocate(rows * n);
        backend.Gemm(false, false, rows, n, k, 1f, a, b, 0f, c);
        var product = new float[rows * n];
        backend.Download(c, product);
        return product;
    }
}
