using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Ilgpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `train --tune-gemms`: an ILGPU device opens with each GEMM shape's plan chosen by timing; the CPU backends have one
/// plan per shape, so asking them is one clear error line and exit 1 before any work.
/// </summary>
[NonParallelizable]
public sealed class TuneGemmsOptionTests
{
    [Test]
    public void TuningOnTheCpuBackendIsOneErrorLine()
    {
        string run = Path.Combine(Directory.CreateTempSubdirectory("tcnwta-tune-").FullName, "run");
        try
        {
            var (exit, _, stderr) = CliRunner.Run("train", "--dataset", "synthetic", "--device", "cpu",
                "--tune-gemms", "--epochs", "1", "--no-cache", "--out", run);

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr.TrimEnd().Split('\n').Last().TrimEnd('\r'), Is.EqualTo(
                "error: GEMM tuning (--tune-gemms) times the ILGPU GEMM kernels (cuda, opencl, or ilgpu-cpu to check "
                + "it); device 'cpu' opened the CPU backend, which has one GEMM plan per shape"));
            Assert.That(File.Exists(Path.Combine(run, "model.safetensors")), Is.False, "no model written");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(run)!, recursive: true);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AnIlgpuDeviceTunesOnlyWhenAsked(bool tune)
    {
        using var backend = ComputeDevices.Create("ilgpu-cpu", GemmPrecision.Fp32, tune);

        Assert.That(((IlgpuBackend)backend).TunesGemms, Is.EqualTo(tune));
    }
}
