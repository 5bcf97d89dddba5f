using Spectre.Console;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The tables `tcnwta bench` prints: the FMA peak, the steps side by side, each device's per-op split, memory.
/// </summary>
public static class BenchReport
{
    public static void Header(BenchmarkConfig benchmark, int length, int timed, int untimed, int profiled)
    {
        var model = benchmark.Model;
        double flops = TrainingStep.FlopsPerStep(model, benchmark.Batch, length);
        AnsiConsole.MarkupLine($"[bold]bench {benchmark.Name}[/]: " + Markup.Escape(
            $"B={benchmark.Batch}, C={model.InputChannels}, T={length}, N={model.Atoms}, " +
            $"K={model.FrameLength}, k={model.TopK}, " +
            $"TCN widths [{string.Join(",", model.TcnWidths)}]; {flops / 1e9:F2} GFLOP per step; " +
            $"median of {timed} steps after {untimed} warm-up; per-op split over {profiled} more steps"));
    }

    /// <summary>One line of `bench --op union-decode`: the shape, the median and range, and GB/s.</summary>
    public static void UnionDecode(UnionDecodeMeasurement result, int timed, int untimed)
        => AnsiConsole.MarkupLine(Markup.Escape(
            $"union-decode on {result.DeviceName}: F={result.Frames}, E={result.Entries}, N={result.Atoms}, "
            + $"S={result.FrameSize}; median {result.MedianMs:F3} ms of {timed} calls after {untimed} warm-up "
            + $"(min {result.MinMs:F3}, max {result.MaxMs:F3}); {result.GigabytesPerSecond:F2} GB/s of code read and "
            + "output written"));

    public static void ThresholdSearch(ThresholdSearchMeasurement result, int timed, int untimed)
        => AnsiConsole.MarkupLine(Markup.Escape(
            $"threshold-search on {result.DeviceName}: F={result.Frames}, N={result.Atoms}, D={result.Cells}; "
            + $"median {result.MedianMs:F1} ms of {timed} calls after {untimed} warm-up (min {result.MinMs:F1}, "
            + $"max {result.MaxMs:F1}); {result.GigaCellsPerSecond:F2} G frame-atom-cells/s"));

    public static void Peak(FmaPeak peak, MemoryBandwidth bandwidth)
        => AnsiConsole.MarkupLine(Markup.Escape(
            $"FMA peak on {peak.Threads} threads: Vector256 {peak.Vector256Gflops:F1} GFLOP/s" +
            (peak.Vector512Gflops is double v512 ? $", Vector512 {v512:F1} GFLOP/s" : ", Vector512 not accelerated") +
            $"; the CPU's fractions below are of {peak.Gflops:F1} GFLOP/s (a GPU's are of its own peak, measured "
            + "after its steps), and GFLOP/s count the dense model's flops (the CPU's "
            + "products over a mostly-zero code or input skip its zeros, so theirs can pass the peak); one core does "
            + $"{peak.GflopsPerCpuSecond:F1} GFLOP per CPU-second; memory bandwidth on {bandwidth.Threads} threads "
            + $"{bandwidth.GigabytesPerSecond:F1} GB/s, the bound of the memory-bound ops"));

    public static void Steps(IReadOnlyList<StepMeasurement> results)
    {
        var table = new Table().AddColumns("device", "ms/step (median)", "min", "max", "GFLOP/s", "of peak",
            "GFLOP per CPU-s", "of core peak", $"speed vs {results[0].Device}");
        foreach (var result in results)
            table.AddRow(Markup.Escape(result.DeviceName), $"{result.MsPerStepMedian:F2}", $"{result.MinMs:F2}",
                $"{result.MaxMs:F2}",
                $"{result.GflopsPerSecond:F1}", Percent(result.FractionOfPeak), $"{result.GflopsPerCpuSecond:F1}",
                Percent(result.FractionOfCorePeak), $"{results[0].MsPerStepMedian / result.MsPerStepMedian:F2}x");
        AnsiConsole.Write(table);
    }

    public static void Ops(StepMeasurement result)
    {
        DevicePeaks(result);
        double total = result.Ops.Sum(op => op.Milliseconds);
        var table = new Table { Title = new TableTitle(
            Markup.Escape($"{result.Device}: per-op split, {result.ProfiledMsPerStep:F2} ms per profiled step")) }
            .AddColumns("op", "shape", "calls", "ms", "share", "GFLOP/s", "of peak", "GB/s", "of bandwidth");
        foreach (var op in result.Ops)
            table.AddRow(op.Op, Markup.Escape(op.Shape), $"{op.Calls}", $"{op.Milliseconds:F2}",
                $"{op.Milliseconds / total:P1}",
                op.Flops > 0 ? $"{op.GflopsPerSecond:F1}" : "",
                Percent(result.FractionOfPeakOf(op)),
                op.Bytes > 0 ? $"{op.GigabytesPerSecond:F1}" : "",
                Percent(result.FractionOfBandwidth(op)));
        table.AddRow("(outside ops)", "", "", $"{result.ProfiledMsPerStep - total:F2}", "", "", "", "", "");
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// The per-op split replayed for a many-core host (bench --replay-workers): the step and each op on one core and
    /// on the simulated workers, with the speed-up; nothing where no replay ran.
    /// </summary>
    public static void Replay(StepMeasurement result)
    {
        if (result.Replay is not { } replay) return;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{result.Device} replayed for {replay.Workers} cores: {replay.OneCoreMsPerStep:F2} ms a step on one core, "
            + $"{replay.ReplayedMsPerStep:F2} ms on {replay.Workers} ({replay.SpeedUp:F2}x, "
            + $"{Percent(replay.FractionOfPeak)} of {replay.Workers} cores' peak): a bound from task granularity and "
            + "serial code alone; waking workers, shared caches and memory bandwidth come on top"));
        var table = new Table { Title = new TableTitle(Markup.Escape(
                $"{result.Device}: per-op split replayed for {replay.Workers} cores (slowest there first)")) }
            .AddColumns("op", "shape", "ms on 1 core", $"ms on {replay.Workers}", "of which serial", "speed-up",
                "items per run");
        foreach (var op in replay.Ops)
        {
            double replayed = op.ReplayedMilliseconds ?? op.Milliseconds;
            table.AddRow(op.Op, Markup.Escape(op.Shape), $"{op.Milliseconds:F3}", $"{replayed:F3}",
                $"{op.SerialMilliseconds:F3}", $"{op.Milliseconds / replayed:F2}x",
                op.ParallelRuns > 0 ? $"{op.ItemsPerRun:F1}" : "");
        }
        // the host's code between ops, and the memory ops the profile does not time (fills, copies)
        double outside = replay.OneCoreMsPerStep - replay.Ops.Sum(op => op.Milliseconds),
            outsideThere = replay.ReplayedMsPerStep - replay.Ops.Sum(op => op.ReplayedMilliseconds ?? op.Milliseconds);
        table.AddRow("(outside ops)", "", $"{outside:F3}", $"{outsideThere:F3}", "", "", "");
        AnsiConsole.Write(table);
    }

    /// <summary>The thread sweep: the step per thread count, then each op's GFLOP/s, fraction of peak, speed-up and
    /// items per run.</summary>
    public static void Sweep(IReadOnlyList<StepMeasurement> runs)
    {
        var steps = new Table
            { Title = new TableTitle("cpu: worker-count sweep (fractions of the FMA peak of as many threads)") }
            .AddColumns("threads", "ms/step (median)", "GFLOP/s", "FMA peak GFLOP/s", "of peak", "speed-up");
        foreach (var run in runs)
            steps.AddRow($"{run.Threads}", $"{run.MsPerStepMedian:F2}", $"{run.GflopsPerSecond:F1}",
                $"{run.PeakGflops:F1}", Percent(run.FractionOfPeak),
                $"{run.SpeedUp:F2}x");
        AnsiConsole.Write(steps);
        var ops = new Table { Title = new TableTitle("per op: GFLOP/s (of peak), GB/s (of the bandwidth of as many "
            + "threads) or ms, speed-up, items per parallel run, runs of fewer items than threads") }
            .AddColumns("op", "shape");
        foreach (var run in runs) ops.AddColumn($"{run.Threads} threads");
        foreach (var op in runs[0].Ops)
        {
            var cells = runs.Select(run => run.Ops.FirstOrDefault(other => other.Op == op.Op
                && other.Shape == op.Shape) is { } there
                ? Markup.Escape(SweepCell(there, run)) : "");
            ops.AddRow([op.Op, Markup.Escape(op.Shape), .. cells]);
        }
        AnsiConsole.Write(ops);
    }

    /// <summary>The GEMM kernel sweep: the step per kernel choice (its final loss, which only the order of sums may
    /// move), then each op's ms and speed-up over the first choice, the fastest choice of each op marked with *.
    /// </summary>
    public static void KernelSweep(IReadOnlyList<StepMeasurement> runs)
    {
        DevicePeaks(runs[0]);
        var steps = new Table { Title = new TableTitle(Markup.Escape(
                $"{runs[0].DeviceName}: GEMM kernel sweep ({runs[0].Precision.ToString().ToLowerInvariant()})")) }
            .AddColumns("GEMM kernels", "ms/step (median)", "min", "GFLOP/s", "of peak", "speed-up", "final loss");
        foreach (var run in runs)
            steps.AddRow(Markup.Escape(run.GemmKernels ?? ""), $"{run.MsPerStepMedian:F3}", $"{run.MinMs:F3}",
                $"{run.GflopsPerSecond:F1}", Percent(run.FractionOfPeak), $"{run.SpeedUp:F2}x",
                $"{run.FinalLoss:G7}");
        AnsiConsole.Write(steps);
        var ops = new Table { Title = new TableTitle("per op: ms (GFLOP/s), speed-up over the first; * the fastest") }
            .AddColumns("op", "shape");
        foreach (var run in runs) ops.AddColumn(Markup.Escape(run.GemmKernels ?? ""));
        foreach (var op in runs[0].Ops)
        {
            var there = runs.Select(run => run.Ops.FirstOrDefault(other => other.Op == op.Op
                && other.Shape == op.Shape)).ToList();
            double fastest = there.Where(found => found is not null).Min(found => found!.Milliseconds);
            var cells = there.Select(found => found is null ? ""
                : Markup.Escape($"{found.Milliseconds:F3}" + (found.Flops > 0 ? $" ({found.GflopsPerSecond:F0})" : "")
                    + $" {found.SpeedUp:F2}x" + (found.Milliseconds == fastest ? " *" : "")));
            ops.AddRow([op.Op, Markup.Escape(op.Shape), .. cells]);
        }
        AnsiConsole.Write(ops);
    }

    // the peaks a device measured of itself, which its fractions are of; nothing for a CPU backend
    private static void DevicePeaks(StepMeasurement result)
    {
        if (result.DevicePeaks is not { } device) return;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{result.Device}: measured on the device, FMA peak {Rate(device.FmaGflops)} GFLOP/s on "
            + $"{device.Threads} threads (fp32, no tensor cores: TF32 GEMMs can pass it)"
            + (device.Tf32Gflops is double tf32 ? $", TF32 mma chains {Rate(tf32)} GFLOP/s" : "")
            + $", memory bandwidth {Rate(device.GigabytesPerSecond)} GB/s; its fractions are of the FMA peak and the "
            + "bandwidth"));
    }

    // one decimal, or three significant digits below 10 (ILGPU's CPU accelerator runs at a few MFLOP/s)
    private static string Rate(double value) => value < 10 ? $"{value:G3}" : $"{value:F1}";

    // "142.3 (61 %) 1.85x, 24/run, 1 of 2 starved", "20.1 GB/s (83 %) ..." for a memory-bound op, or the ms of an op
    // with neither flops nor bytes counted
    private static string SweepCell(OpTiming op, StepMeasurement run)
        => (op.Flops > 0 ? $"{op.GflopsPerSecond:F1} ({run.FractionOfPeakOf(op):P0})"
                : run.FractionOfBandwidth(op) is double fraction ? $"{op.GigabytesPerSecond:F1} GB/s ({fraction:P0})"
                : $"{op.Milliseconds:F2} ms")
            + $" {op.SpeedUp:F2}x, {op.ItemsPerRun:F0}/run"
                + (op.StarvedRuns > 0 ? $", {op.StarvedRuns} of {op.ParallelRuns} starved" : "");

    // "61.2 %", or empty where there is no peak to be a fraction of
    private static string Percent(double? fraction) => fraction is double value ? $"{value:P1}" : "";

    public static void Memory(IReadOnlyList<StepMeasurement> results)
    {
        var table = new Table { Title = new TableTitle(
            "memory (the managed heap on the CPU; the buffers a device holds on ILGPU)") }
            .AddColumns("device", "T", "live MB after the steps", "bytes per time step", "allocated per step",
                "peak working set MB (process so far)");
        foreach (var result in results)
            table.AddRow(Markup.Escape(result.Device), $"{result.Length}",
                result.LiveBytes is long live ? $"{live / 1e6:F1}" : "n/a",
                result.BytesPerTimeStep is double perStep ? $"{perStep:F0}" : "n/a",
                $"{result.AllocatedBytesPerStep:F0} B", $"{result.PeakWorkingSetBytes / 1e6:F0}");
        AnsiConsole.Write(table);
    }
}
