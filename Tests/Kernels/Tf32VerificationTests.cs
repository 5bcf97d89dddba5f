using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Kernels.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// verify-kernels at --precision tf32: a GEMM check of the catalogue passes against the fp32 CPU backend within
/// <see cref="Tolerance.Tf32"/>, and fails at the fp32 tolerance, so the TF32 path really rounds and the checks
/// really switch tolerance with the precision.
/// </summary>
[NonParallelizable]
public sealed class Tf32VerificationTests
{
    private IlgpuBackend _candidate = null!;
    private CpuBackend _reference = null!;

    [OneTimeSetUp]
    public void OpenBackends()
    {
        _candidate = new IlgpuBackend(IlgpuDeviceKind.Cpu, SplitKPolicy.ByShape, GemmPrecision.Tf32);
        _reference = new CpuBackend();
    }

    [OneTimeTearDown]
    public void CloseBackends()
    {
        _candidate.Dispose();
        _reference.Dispose();
    }

    [Test]
    public void AGemmCheckPassesAtTf32ToleranceAndFailsAtFp32()
    {
        var check = GemmChecks.All().First();

        var atTf32 = check.Run(_candidate, _reference, GemmPrecision.Tf32);
        var atFp32 = check.Run(_candidate, _reference, GemmPrecision.Fp32);

        Assert.That(atTf32.Passed, Is.True, atTf32.Failure);
        Assert.That(atFp32.Passed, Is.False, "TF32 results within fp32's tolerance: nothing was rounded");
    }

    [Test]
    public void TheHarnessPicksTheToleranceOfThePrecision()
    {
        using var atTf32 = new ParityHarness(_candidate, _reference, seed: 1, GemmPrecision.Tf32);
        using var atFp32 = new ParityHarness(_candidate, _reference, seed: 1);

        Assert.That(atTf32.Gemm, Is.EqualTo(Tolerance.Tf32));
        Assert.That(atFp32.Gemm, Is.EqualTo(Tolerance.Float));
    }
}
