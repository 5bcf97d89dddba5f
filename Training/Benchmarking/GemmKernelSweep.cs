using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// The bench's GEMM kernel sweep of an ILGPU device: the canonical step timed, and split op by op, once per way the
/// device can run its GEMMs (<see cref="GemmKernelChoices"/>), each with its speed-up over the default shape rules.
/// One GPU session's table shows which kernel each of the step's GEMM shapes wants.
/// </summary>
public static class GemmKernelSweep
{
    /// <summary>
    /// Measures each of <paramref name="choices"/> (<see cref="GemmKernelChoices.For"/> of <paramref name="device"/>)
    /// in turn, <paramref name="starting"/> told each label first; the device measures its own peaks once, in the first
    /// run, and every run is a fraction of them.
    /// </summary>
    public static List<StepMeasurement> Run(IReadOnlyList<GemmKernelChoice> choices, string device,
        BenchmarkConfig benchmark, int length, int timed, int untimed, int profiled, FmaPeak peak,
        MemoryBandwidth bandwidth, GemmPrecision precision, Action<string> starting)
    {
        var results = new List<StepMeasurement>();
        foreach (var choice in choices)
        {
            starting(choice.Label);
            var measured = StepBenchmark.Measure(choice.Open, device, benchmark, length, timed, untimed, profiled, peak,
                bandwidth, precision, measureDevicePeaks: results.Count == 0);
            results.Add(results.Count == 0
                ? measured with { GemmKernels = choice.Label }
                : measured with
                {
                    GemmKernels = choice.Label, PeakGflops = results[0].PeakGflops,
                    PeakGigabytesPerSecond = results[0].PeakGigabytesPerSecond, DevicePeaks = results[0].DevicePeaks,
                });
        }
        return results.Select(run => run with
        {
            SpeedUp = results[0].MsPerStepMedian / run.MsPerStepMedian,
            Ops = run.Ops.Select(op => op with { SpeedUp = SpeedUpOf(op, results[0]) }).ToList(),
        }).ToList();
    }

    // the op's ms in the first run over its ms here (matched by name and shape); null where the first run lacks it
    private static double? SpeedUpOf(OpTiming op, StepMeasurement first)
        => first.Ops.FirstOrDefault(other => other.Op == op.Op && other.Shape == op.Shape) is { } there
            && op.Milliseconds > 0 ? there.Milliseconds / op.Milliseconds : null;
}
