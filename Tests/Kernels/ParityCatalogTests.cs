using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Kernels.Verification;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The parity catalog itself, run between the two CPU backends: the checks must pass where both sides are
/// trusted (so a failure on the GPU means the GPU), and a wrong op must fail them.
/// </summary>
public sealed class ParityCatalogTests
{
    public static IEnumerable<TestCaseData> Checks()
        => KernelChecks.All().Select(check => new TestCaseData(check).SetArgDisplayNames(check.ToString()));

    [TestCaseSource(nameof(Checks))]
    public void SimdCpuMatchesScalar(ParityCheck check)
    {
        using var candidate = new CpuBackend();
        using var reference = new ScalarBackend();
        var result = check.Run(candidate, reference);
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    [Test]
    public void AWrongOpFailsWithTheFirstBadElement()
    {
        using var candidate = new CpuBackend();
        using var reference = new ScalarBackend();
        var wrong = new ParityCheck("scale", "candidate scales by 2, reference by 3", h =>
        {
            var x = h.Uniform(10);
            h.Run(backend => backend.Scale(x[backend], ReferenceEquals(backend, candidate) ? 2f : 3f));
            h.Compare("x", x, Tolerance.Float);
        });
        var result = wrong.Run(candidate, reference);
        Assert.Multiple(() =>
        {
            Assert.That(result.Passed, Is.False);
            Assert.That(result.Failure, Does.StartWith("x[0]"));
            Assert.That(result.MaxRelativeError, Is.EqualTo(1.0 / 3).Within(1e-6));
        });
    }

    [Test]
    public void AnOpThatWritesItsInputFails()
    {
        using var candidate = new CpuBackend();
        using var reference = new ScalarBackend();
        var clobbering = new ParityCheck("relu forward", "candidate runs in place", h =>
        {
            var x = h.Uniform(10);
            var y = h.Uniform(10);
            h.Run(backend => backend.ReluForward(x[backend],
                ReferenceEquals(backend, candidate) ? x[backend] : y[backend]));
        });
        Assert.That(clobbering.Run(candidate, reference).Failure, Does.Contain("read-only"));
    }

    [Test]
    public void AnExceptionIsAFailedResult()
    {
        using var backend = new CpuBackend();
        var throwing = new ParityCheck("gemm", "wrong buffer size", h =>
        {
            var a = h.Uniform(3);
            h.Run(b => b.Gemm(false, false, 2, 2, 2, 1f, a[b], a[b], 0f, a[b]));
        });
        Assert.That(throwing.Run(backend, backend).Failure, Does.StartWith("ArgumentException"));
    }
}
