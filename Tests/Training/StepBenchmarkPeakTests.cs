using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The bench's fractions of peak belong to the peaks of the device that ran the step: a CPU backend's to the host's
/// measured FMA peak and memory bandwidth, a device's (here ILGPU's CPU accelerator standing in for a GPU) to the peaks
/// it measured of itself, never to the host's cores (an H200's step once read as 324 % of its 16-core host's peak).
/// </summary>
[NonParallelizable]
public class StepBenchmarkPeakTests
{
    private static readonly BenchmarkConfig Tiny = TinyBenchmark.Config(length: 8);

    [TestCase("cpu")]
    [TestCase("ilgpu-cpu")]
    public void AStepIsAFractionOfThePeaksOfTheDeviceThatRanIt(string device)
    {
        var result = StepBenchmark.Measure(device, Tiny, Tiny.Length, timed: 1, untimed: 0, profiled: 1,
            TinyBenchmark.HostPeak, TinyBenchmark.HostBandwidth);
        bool host = device == "cpu";
        var adam = result.Ops.Single(op => op.Op == "AdamStep");
        var forward = result.Ops.First(op => op.Flops > 0);
        double fmaPeak = host ? TinyBenchmark.HostPeak.Gflops : result.DevicePeaks!.FmaGflops;
        double bytePeak = host ? TinyBenchmark.HostBandwidth.GigabytesPerSecond
            : result.DevicePeaks!.GigabytesPerSecond;
        Assert.Multiple(() =>
        {
            Assert.That(result.DevicePeaks is null, Is.EqualTo(host));
            Assert.That(result.FractionOfPeak, Is.EqualTo(result.GflopsPerSecond / fmaPeak).Within(1e-12));
            Assert.That(result.FractionOfPeakOf(forward), Is.EqualTo(forward.GflopsPerSecond / fmaPeak).Within(1e-12));
            Assert.That(result.FractionOfBandwidth(adam),
                Is.EqualTo(adam.GigabytesPerSecond / bytePeak).Within(1e-12));
            // a device's host thread only issues the work: no per-CPU-second figures for it
            Assert.That(result.FractionOfCorePeak.HasValue, Is.EqualTo(host));
            Assert.That(result.GflopsPerCpuSecond.HasValue, Is.EqualTo(host));
        });
        if (!host)
            Assert.That(result.DevicePeaks!.FmaGflops, Is.Not.EqualTo(TinyBenchmark.HostPeak.Gflops),
                "the host's peak was not used");
    }
}
