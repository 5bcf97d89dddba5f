using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// The CPU backend's profiled steps replayed for more cores (<see cref="StepBenchmark.Replay"/>): each op and the
/// step between a perfect split of their parallel runs and one core, the fraction of the peak of that many cores,
/// and the worker pool as it was afterwards.
/// </summary>
[NonParallelizable]
public class StepBenchmarkReplayTests
{
    [TestCase(4)]
    [TestCase(64)]
    public void TheReplayedStepLiesBetweenAPerfectSplitAndOneCore(int workers)
    {
        int active = CoreWorkers.Active;
        var config = TinyBenchmark.Config(length: 16, tcnWidths: [4]);
        var replay = StepBenchmark.Replay(config, config.Length, untimed: 1, profiled: 2, workers,
            TinyBenchmark.HostPeak);
        double flops = TrainingStep.FlopsPerStep(config.Model, config.Batch, config.Length);
        Assert.Multiple(() =>
        {
            Assert.That(replay.Workers, Is.EqualTo(workers));
            Assert.That(replay.ReplayedMsPerStep, Is.InRange(replay.OneCoreMsPerStep / workers,
                replay.OneCoreMsPerStep));
            Assert.That(replay.SpeedUp, Is.InRange(1, workers));
            Assert.That(replay.FractionOfPeak, Is.EqualTo(flops / (replay.ReplayedMsPerStep * 1e6)
                / (workers * TinyBenchmark.HostPeak.GflopsPerCpuSecond)).Within(1e-12));
            Assert.That(replay.Ops.Select(op => op.Op), Does.Contain("AdamStep"));
            foreach (var op in replay.Ops)
                Assert.That(op.ReplayedMilliseconds, Is.InRange(op.SerialMilliseconds!.Value, op.Milliseconds + 1e-9),
                    $"{op.Op} {op.Shape}");
            Assert.That(CoreWorkers.Replay, Is.Null, "the replay is taken out");
            Assert.That(CoreWorkers.Active, Is.EqualTo(active), "the workers are the host's again");
        });
    }

    [Test]
    public void AStepTimedWithoutAReplayHasNoReplayedFigures()
    {
        var config = TinyBenchmark.Config(length: 8);
        var result = StepBenchmark.Measure("cpu", config, config.Length, timed: 1, untimed: 0, profiled: 1,
            TinyBenchmark.HostPeak, TinyBenchmark.HostBandwidth);
        Assert.Multiple(() =>
        {
            Assert.That(result.Replay, Is.Null);
            Assert.That(result.Ops.Select(op => op.ReplayedMilliseconds), Is.All.Null);
            Assert.That(result.Ops.Select(op => op.SerialMilliseconds), Is.All.Null);
        });
    }
}
