using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The bench's fractions of peak belong to the host's measured FMA peak and memory bandwidth: a CPU backend's step
/// gets them, a device's (here ILGPU's CPU accelerator standing in for a GPU) gets none, where it used to be measured
/// against the host's cores (an H200's step read as 324 % of its 16-core host's peak).
/// </summary>
[NonParallelizable]
public class StepBenchmarkPeakTests
{
    private static readonly BenchmarkConfig Tiny = new("tiny",
        new AutoencoderConfig { InputChannels = 5, Atoms = 6, FrameLength = 4, Sparsity = SparsityKind.ChannelTopK,
            TopK = 2 },
        Batch: 3, Length: 8, (random, batch, channels, length) =>
            Enumerable.Range(0, batch * channels * length).Select(_ => random.NextSingle()).ToArray());

    [TestCase("cpu", true)]
    [TestCase("ilgpu-cpu", false)]
    public void OnlyAHostBackendsStepIsAFractionOfTheHostsPeak(string device, bool host)
    {
        var peak = new FmaPeak(Threads: 2, Vector256Gflops: 100, Vector512Gflops: 200, GflopsPerCpuSecond: 100);
        var bandwidth = new MemoryBandwidth(Threads: 2, GigabytesPerSecond: 50);
        var result = StepBenchmark.Measure(device, Tiny, Tiny.Length, timed: 1, untimed: 0, profiled: 1, peak,
            bandwidth);
        var adam = result.Ops.Single(op => op.Op == "AdamStep");
        var forward = result.Ops.First(op => op.Flops > 0);
        Assert.Multiple(() =>
        {
            Assert.That(result.FractionOfPeak.HasValue, Is.EqualTo(host));
            Assert.That(result.FractionOfCorePeak.HasValue, Is.EqualTo(host));
            Assert.That(result.GflopsPerCpuSecond.HasValue, Is.EqualTo(host));
            Assert.That(result.FractionOfPeakOf(forward).HasValue, Is.EqualTo(host));
            Assert.That(result.FractionOfBandwidth(adam).HasValue, Is.EqualTo(host));
        });
        if (host) Assert.That(result.FractionOfPeak, Is.EqualTo(result.GflopsPerSecond / 200).Within(1e-12));
    }
}
