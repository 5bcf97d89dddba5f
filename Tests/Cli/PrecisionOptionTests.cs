using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// --precision on the commands that run GEMMs: the CPU backends stay fp32, so tf32 on them is one clear error line and
/// exit 1 before any work; an unknown precision is a usage error.
/// </summary>
[NonParallelizable]
public sealed class PrecisionOptionTests
{
    private const string CpuStaysFp32 = "error: precision tf32 needs an ILGPU device (cuda, or ilgpu-cpu to check it); "
        + "device 'cpu' opened the CPU backend, which computes in fp32 only";

    [TestCase("verify-kernels", "--device", "cpu", "--precision", "tf32")]
    [TestCase("bench", "--device", "cpu", "--precision", "tf32", "--steps", "1", "--warmup", "0")]
    [TestCase("train", "--dataset", "synthetic", "--device", "cpu", "--precision", "tf32", "--epochs", "1",
        "--no-cache")]
    public void Tf32OnTheCpuBackendIsOneErrorLine(params string[] args)
    {
        string run = Path.Combine(Directory.CreateTempSubdirectory("tcnwta-precision-").FullName, "run");
        try
        {
            var (exit, _, stderr) = CliRunner.Run(args[0] == "train" ? [.. args, "--out", run] : args);

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd().Split('\n').Last().TrimEnd('\r'), Is.EqualTo(CpuStaysFp32));
            Assert.That(File.Exists(Path.Combine(run, "model.safetensors")), Is.False, "no model written");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(run)!, recursive: true);
        }
    }

    [Test]
    public void AnUnknownPrecisionIsAUsageError()
    {
        var (exit, _, stderr) = CliRunner.Run("verify-kernels", "--precision", "fp16");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.StartWith("error: --precision: 'fp16' is not one of fp32, tf32"));
    }
}
