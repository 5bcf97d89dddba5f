using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;
using TcnWtaNative.Training.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>Whole training steps on ILGPU's CPU accelerator against the SIMD CPU backend: the checks verify-kernels runs last.</summary>
[NonParallelizable]
public sealed class IlgpuTrainingStepParityTests
{
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenReference() => _reference = new CpuBackend();

    [OneTimeTearDown]
    public void CloseReference() => _reference.Dispose();

    public static IEnumerable<TestCaseData> Checks()
        => TrainingStepChecks.All().Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));

    [TestCaseSource(nameof(Checks))]
    public void IlgpuTrainsLikeTheCpuBackend(ParityCheck check)
    {
        var result = check.Run(IlgpuTestDevice.Backend, _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }
}
