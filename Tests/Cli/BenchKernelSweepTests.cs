using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `bench --gemm-kernels` sweeps one ILGPU device; every other use of it is one error line before anything is
/// measured (the sweep itself is covered on the CPU accelerator by <c>GemmKernelSweepTests</c>).
/// </summary>
[NonParallelizable]
public sealed class BenchKernelSweepTests
{
    [TestCase(new[] { "--device", "cpu" },
        "error: the GEMM kernel sweep runs the ILGPU kernels: use cuda, opencl or ilgpu-cpu, not 'cpu'")]
    [TestCase(new[] { "--device", "ilgpu-cpu,cpu" },
        "error: --gemm-kernels sweeps one ILGPU device: name one --device (cuda, opencl or ilgpu-cpu)")]
    [TestCase(new[] { "--device", "cpu", "--threads", "1" },
        "error: --gemm-kernels sweeps the GEMM kernels of the training step: drop --threads")]
    [TestCase(new[] { "--device", "ilgpu-cpu", "--op", "union-decode" },
        "error: --gemm-kernels sweeps the GEMM kernels of the training step: drop --op")]
    public void AnythingButOneIlgpuDeviceIsOneErrorLine(string[] arguments, string error)
    {
        var (exit, stdout, stderr) = CliRunner.Run(["bench", "--gemm-kernels", .. arguments]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo(error));
        Assert.That(stdout, Does.Not.Contain("FMA peak"), "nothing measured first");
    }
}
