using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The ILGPU backend on ILGPU's CPU accelerator against the SIMD CPU backend: every op at several shapes, then
/// whole training steps. The same checks `tcnwta verify-kernels` runs. The fixture runs once with each GEMM kernel
/// (<see cref="GemmTile"/>) forced onto every GEMM and convolution; the shape rule itself is what every other ILGPU
/// test runs (<see cref="IlgpuTestDevice"/>).
/// </summary>
[NonParallelizable]
[TestFixture(GemmTile.Block32)]
[TestFixture(GemmTile.Block64)]
[TestFixture(GemmTile.Block128)]
public sealed class IlgpuParityTests(GemmTile tile)
{
    private CpuBackend _reference = null!;
    private IlgpuBackend _candidate = null!;

    [OneTimeSetUp]
    public void OpenBackends()
    {
        _reference = new CpuBackend();
        _candidate = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmTilePolicy.Always(tile));
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        _candidate.Dispose();
        _reference.Dispose();
    }

    public static IEnumerable<TestCaseData> OpChecks() => Cases(KernelChecks.All());

    public static IEnumerable<TestCaseData> TrainingStepChecks()
        => Cases(global::TcnWtaNative.Training.Verification.TrainingStepChecks.All());

    [TestCaseSource(nameof(OpChecks))]
    public void EachOpMatchesTheCpuBackend(ParityCheck check) => AssertPasses(check);

    [TestCaseSource(nameof(TrainingStepChecks))]
    public void TrainingStepsMatchTheCpuBackend(ParityCheck check) => AssertPasses(check);

    private void AssertPasses(ParityCheck check)
    {
        var result = check.Run(_candidate, _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    private static IEnumerable<TestCaseData> Cases(IEnumerable<ParityCheck> checks)
        => checks.Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));
}
