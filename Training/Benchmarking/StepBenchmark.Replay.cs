using System.Diagnostics;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// The CPU backend's profiled steps replayed for a host of <paramref name="Workers"/> cores
/// (<see cref="ScheduleReplay"/>): the step as one core ran it, item after item, and the same step with each parallel
/// run charged its makespan on that many workers. A bound from task granularity and the code between runs alone:
/// a real host of that many cores also pays for waking its workers and for the caches and memory bandwidth they share.
/// </summary>
public sealed record ReplayMeasurement(int Workers, double OneCoreMsPerStep, double ReplayedMsPerStep,
    double? FractionOfPeak, IReadOnlyList<OpTiming> Ops)
{
    /// <summary>The one-core step over the replayed one: at most <see cref="Workers"/>.</summary>
    public double SpeedUp => OneCoreMsPerStep / ReplayedMsPerStep;
}

public static partial class StepBenchmark
{
    /// <summary>
    /// <paramref name="profiled"/> steps of the CPU backend profiled op by op (after <paramref name="untimed"/>
    /// steps, at least one, so the JIT has promoted the host's code too), every parallel run replayed on
    /// <paramref name="workers"/> simulated workers; the fraction of the peak is of <paramref name="workers"/> cores
    /// at <paramref name="peak"/>'s one-core rate (GFLOP per CPU-second).
    /// </summary>
    public static ReplayMeasurement Replay(BenchmarkConfig benchmark, int length, int untimed, int profiled,
        int workers, FmaPeak peak)
    {
        if (profiled < 1 || untimed < 0)
            throw new ArgumentException("profiled steps must be positive and warm-up steps not negative");
        CoreWorkers.Replay = new ScheduleReplay(workers);
        try
        {
            using var profiler = new ProfilingBackend(ComputeDevices.Create("cpu", GemmPrecision.Fp32));
            var (ops, profiledMs) = Profile(profiler, benchmark, length, profiled, untimed);
            // every run of the profiled steps, the untimed memory ops' (fills, copies) included, charged its makespan;
            // the replay's own bookkeeping taken out
            var (itemTicks, makespanTicks, overheadTicks) = profiler.ReplayedSinceReset;
            double oneCoreMs = profiledMs - Milliseconds(overheadTicks) / profiled;
            double replayedMs = oneCoreMs - Milliseconds(itemTicks - makespanTicks) / profiled;
            double flops = TrainingStep.FlopsPerStep(benchmark.Model, benchmark.Batch, length);
            double? fraction = peak.GflopsPerCpuSecond > 0
                ? flops / (replayedMs * 1e6) / (workers * peak.GflopsPerCpuSecond) : null;
            return new ReplayMeasurement(workers, oneCoreMs, replayedMs, fraction,
                [.. ops.OrderByDescending(op => op.ReplayedMilliseconds)]);
        }
        finally
        {
            CoreWorkers.Replay = null;
        }
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
