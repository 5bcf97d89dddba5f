using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The ILGPU backend on ILGPU's CPU accelerator against the SIMD CPU backend: every op at several shapes, then
/// whole training steps. The same checks `tcnwta verify-kernels` runs.
/// </summary>
[NonParallelizable]
public sealed class IlgpuParityTests
{
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenReference() => _reference = new CpuBackend();

    [OneTimeTearDown]
    public void CloseReference() => _reference.Dispose();

    public static IEnumerable<TestCaseData> OpChecks() => Cases(KernelChecks.All());

    public static IEnumerable<TestCaseData> TrainingStepChecks() => Cases(global::TcnWtaNative.Training.Verification.TrainingStepChecks.All());

    [TestCaseSource(nameof(OpChecks))]
    public void EachOpMatchesTheCpuBackend(ParityCheck check) => AssertPasses(check);

    [TestCaseSource(nameof(TrainingStepChecks))]
    public void TrainingStepsMatchTheCpuBackend(ParityCheck check) => AssertPasses(check);

    private void AssertPasses(ParityCheck check)
    {
        var result = check.Run(IlgpuTestDevice.Backend, _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    private static IEnumerable<TestCaseData> Cases(IEnumerable<ParityCheck> checks)
        => checks.Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));
}
