using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>Every op of the ILGPU backend, on ILGPU's CPU accelerator, against the SIMD CPU backend: the checks verify-kernels runs.</summary>
[NonParallelizable]
public sealed class IlgpuParityTests
{
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenReference() => _reference = new CpuBackend();

    [OneTimeTearDown]
    public void CloseReference() => _reference.Dispose();

    public static IEnumerable<TestCaseData> Checks()
        => KernelChecks.All().Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));

    [TestCaseSource(nameof(Checks))]
    public void IlgpuMatchesTheCpuBackend(ParityCheck check)
    {
        var result = check.Run(IlgpuTestDevice.Backend, _reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }
}
