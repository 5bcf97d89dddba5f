using TcnWtaNative.Kernels;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The bench's GEMM kernel sweep: every way an ILGPU device can run its GEMMs trains the same step (so a GPU session
/// can pick among them on speed alone), and each run is timed and split against the first.
/// </summary>
[NonParallelizable]
public class GemmKernelSweepTests
{
    private static readonly BenchmarkConfig Tiny = TinyBenchmark.Config(length: 16, tcnWidths: 4);

    // fp32 only: each choice opens a backend and compiles its kernels, which for TF32 takes minutes on the CPU
    // accelerator; the TF32 choices differ only in the policies named below
    [Test]
    public void EveryChoiceTrainsTheSameStepAndIsTimedAgainstTheShapeRules()
    {
        const GemmPrecision precision = GemmPrecision.Fp32;
        var choices = GemmKernelChoices.For("ilgpu-cpu", precision);
        var started = new List<string>();
        var runs = GemmKernelSweep.Run(choices, "ilgpu-cpu", Tiny, Tiny.Length, timed: 2, untimed: 0, profiled: 1,
            TinyBenchmark.HostPeak, TinyBenchmark.HostBandwidth, precision, started.Add);

        string[] labels = [GemmKernelChoices.ByShape, "32x32 everywhere", "64x64 everywhere", "128x128 everywhere",
            GemmKernelChoices.Timed, "by shape, no split-K", GemmKernelChoices.Dense];
        Assert.Multiple(() =>
        {
            Assert.That(started, Is.EqualTo(labels));
            Assert.That(runs.Select(run => run.GemmKernels), Is.EqualTo(labels));
            Assert.That(runs[0].SpeedUp, Is.EqualTo(1.0));
            Assert.That(runs.Select(run => run.DevicePeaks), Is.All.SameAs(runs[0].DevicePeaks));
            Assert.That(runs[0].DevicePeaks, Is.Not.Null, "the first run measures the device's peaks");
            Assert.That(runs.Select(run => run.Precision), Is.All.EqualTo(precision));
            // two steps of Adam from one seed: only the order of each GEMM's sums differs between kernels
            Assert.That(runs.Select(run => run.FinalLoss), Is.All.EqualTo(runs[0].FinalLoss).Within(1e-4).Percent);
            foreach (var run in runs)
                Assert.That(run.Ops.Select(op => op.SpeedUp), Is.All.Not.Null, $"{run.GemmKernels}: ops matched");
        });
    }

    [TestCase(GemmPrecision.Fp32, new[] { "32x32 everywhere", "64x64 everywhere", "128x128 everywhere" })]
    [TestCase(GemmPrecision.Tf32, new[] { "tf32 64x64 everywhere", "tf32 128x64 everywhere" })]
    public void TheRulesComeFirstThenEachKernelThenTimedThenNoSplitKThenDenseProducts(GemmPrecision precision,
        string[] kernels)
        => Assert.That(GemmKernelChoices.For("cuda", precision).Select(choice => choice.Label),
            Is.EqualTo((string[])[GemmKernelChoices.ByShape, .. kernels, GemmKernelChoices.Timed,
                "by shape, no split-K", GemmKernelChoices.Dense]));

    [TestCase("cpu")]
    [TestCase("scalar")]
    [TestCase("auto")]
    public void OnlyAnIlgpuDeviceHasKernelsToSweep(string device)
        => Assert.That(() => GemmKernelChoices.For(device, GemmPrecision.Fp32), Throws.ArgumentException
            .With.Message.Contains("use cuda, opencl or ilgpu-cpu"));
}
