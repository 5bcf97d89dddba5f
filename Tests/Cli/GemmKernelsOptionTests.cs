using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `bench --gemm-kernels` and `verify-kernels --gemm-kernels` run one ILGPU device once per GEMM kernel choice; every
/// other use of the option is one error line before anything is measured or checked (the sweep itself is covered on
/// the CPU accelerator by <c>GemmKernelSweepTests</c>, the parity of each kernel by the ILGPU parity fixtures).
/// </summary>
[NonParallelizable]
public sealed class GemmKernelsOptionTests
{
    private const string NotIlgpu = "error: --gemm-kernels runs the ILGPU GEMM kernels: use cuda, opencl or ilgpu-cpu, "
        + "not 'cpu'";

    [TestCase(new[] { "--device", "cpu" }, NotIlgpu)]
    [TestCase(new[] { "--device", "ilgpu-cpu,cpu" },
        "error: --gemm-kernels sweeps one ILGPU device: name one --device (cuda, opencl or ilgpu-cpu)")]
    [TestCase(new[] { "--device", "cpu", "--threads", "1" },
        "error: --gemm-kernels sweeps the GEMM kernels of the training step: drop --threads")]
    [TestCase(new[] { "--device", "ilgpu-cpu", "--op", "union-decode" },
        "error: --gemm-kernels sweeps the GEMM kernels of the training step: drop --op")]
    public void TheBenchSweepsOneIlgpuDeviceOrSaysWhyNot(string[] arguments, string error)
    {
        var (exit, stdout, stderr) = CliRunner.Run(["bench", "--gemm-kernels", .. arguments]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo(error));
        Assert.That(stdout, Does.Not.Contain("FMA peak"), "nothing measured first");
    }

    [Test]
    public void VerifyKernelsChecksTheChoicesOfAnIlgpuDeviceOnly()
    {
        var (exit, stdout, stderr) = CliRunner.Run("verify-kernels", "--device", "cpu", "--gemm-kernels");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo(NotIlgpu));
        Assert.That(stdout, Does.Not.Contain("checking"), "nothing checked first");
    }
}
