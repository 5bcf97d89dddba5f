using System.Diagnostics;
using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>What one device measured on one canonical config.</summary>
public sealed record StepMeasurement(
    string Config, string Device, string DeviceName, int Length, int Steps,
    double MsPerStepMedian, double MinMs, double MaxMs, double GflopsPerSecond, double FinalLoss,
    double AllocatedBytesPerStep, long? LiveBytes, long PeakWorkingSetBytes, IReadOnlyList<OpTiming> Ops,
    double ProfiledMsPerStep, double? PeakGflops, double CpuSecondsPerStep, double? PeakGflopsPerCpuSecond)
{
    /// <summary>
    /// The step's GFLOP/s as a fraction of <see cref="PeakGflops"/>: the host's measured FMA peak on a CPU backend,
    /// the device's own (<see cref="DevicePeaks"/>) on a GPU; null where neither was measured.
    /// </summary>
    public double? FractionOfPeak => PeakGflops is double peak ? GflopsPerSecond / peak : null;

    /// <summary>An op's GFLOP/s as a fraction of <see cref="PeakGflops"/>; null without it or the op's flops.</summary>
    public double? FractionOfPeakOf(OpTiming op) => PeakGflops is double peak && op.Flops > 0
        ? op.GflopsPerSecond / peak : null;

    /// <summary>
    /// GFLOP per CPU-second the step's process used (mean over the timed steps): the cores' efficiency while they run,
    /// robust to other processes sharing them; idle waits at barriers are not counted, so it is an upper bound. Null
    /// on a device, whose host thread only issues the work.
    /// </summary>
    public double? GflopsPerCpuSecond => PeakGflopsPerCpuSecond is null ? null
        : Steps > 0 && CpuSecondsPerStep > 0 ? GflopsPerSecond * MsPerStepMedian / 1e3 / CpuSecondsPerStep : 0;

    /// <summary>
    /// <see cref="GflopsPerCpuSecond"/> as a fraction of one core's measured FMA peak per CPU-second; null on a device.
    /// </summary>
    public double? FractionOfCorePeak => GflopsPerCpuSecond / PeakGflopsPerCpuSecond;

    /// <summary>
    /// Bytes one more time step costs (activations, gradients and every scratch copy), from the live bytes at two
    /// lengths: the managed heap's on the CPU backends, the device's own count on ILGPU.
    /// </summary>
    public double? BytesPerTimeStep { get; init; }

    /// <summary>The per-op split replayed on more workers (<see cref="StepBenchmark.Replay"/>); null where not
    /// asked for.</summary>
    public ReplayMeasurement? Replay { get; init; }

    /// <summary>Workers the CPU backend was capped at in a <see cref="ThreadSweep"/>; null outside one.</summary>
    public int? Threads { get; init; }

    /// <summary>In a <see cref="ThreadSweep"/> or a <see cref="GemmKernelSweep"/>, the first run's ms per step over
    /// this one's.</summary>
    public double? SpeedUp { get; init; }

    /// <summary>In a <see cref="GemmKernelSweep"/>, the kernel choice the run used; null outside one.</summary>
    public string? GemmKernels { get; init; }

    /// <summary>The arithmetic of the device's GEMMs and convolutions during the run.</summary>
    public GemmPrecision Precision { get; init; }

    /// <summary>
    /// The bound of the memory-bound ops (<see cref="OpTiming.GigabytesPerSecond"/>): the host's measured memory
    /// bandwidth (<see cref="MemoryBandwidth"/>) where the buffers are host memory, the device's own
    /// (<see cref="DevicePeaks"/>) on a GPU; null where neither was measured.
    /// </summary>
    public double? PeakGigabytesPerSecond { get; init; }

    /// <summary>An op's GB/s as a fraction of <see cref="PeakGigabytesPerSecond"/>; null without it or the op's
    /// bytes.</summary>
    public double? FractionOfBandwidth(OpTiming op)
        => PeakGigabytesPerSecond is double peak && op.Bytes > 0 ? op.GigabytesPerSecond / peak : null;

    /// <summary>
    /// The peaks a device with its own arithmetic and memory measured of itself (<see cref="IDevicePeakProbe"/>), which
    /// <see cref="PeakGflops"/> and <see cref="PeakGigabytesPerSecond"/> then hold; null on a CPU backend. Its FMA
    /// peak is without tensor cores, so a step with TF32 GEMMs can pass it.
    /// </summary>
    public DevicePeaks? DevicePeaks { get; init; }
}

/// <summary>
/// Times full training steps (forward, loss, backward, Adam) of a benchmark config on one device: warm-up,
/// then the median of the timed steps, then a few steps of a second model built on a <see cref="ProfilingBackend"/>
/// for the per-op split (kept apart so per-op synchronization and bookkeeping cannot touch the timed steps). Also
/// reports the managed bytes allocated per timed step (the training loop should allocate nothing), the live bytes
/// held by the model, optimizer and backend after the steps (managed, or the device's on ILGPU), and the process's
/// peak working set.
/// </summary>
public static partial class StepBenchmark
{
    public static StepMeasurement Measure(string deviceName, BenchmarkConfig benchmark, int length, int timed,
        int untimed, int profiled, FmaPeak peak, MemoryBandwidth bandwidth,
        GemmPrecision precision = GemmPrecision.Fp32)
        => Measure(() => ComputeDevices.Create(deviceName, precision), deviceName, benchmark, length, timed, untimed,
            profiled, peak, bandwidth, precision, measureDevicePeaks: true);

    /// <summary>
    /// As above, on the backend <paramref name="open"/> opens (named <paramref name="deviceName"/> in the results);
    /// a device measures its own peaks only where <paramref name="measureDevicePeaks"/> asks for them.
    /// </summary>
    public static StepMeasurement Measure(Func<IComputeBackend> open, string deviceName, BenchmarkConfig benchmark,
        int length, int timed, int untimed, int profiled, FmaPeak peak, MemoryBandwidth bandwidth,
        GemmPrecision precision, bool measureDevicePeaks)
    {
        if (timed < 1 || untimed < 0 || profiled < 1)
            throw new ArgumentException("timed and profiled steps must be positive and warm-up steps not negative");
        ForceFullCollection();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var profiler = new ProfilingBackend(open());
        var backend = profiler.Inner;
        var times = new double[timed];
        float loss = 0;
        double allocatedPerStep, cpuSecondsPerStep;
        long? live;
        var (model, optimizer, input) = Build(backend, benchmark, length);
        using (model) using (optimizer) using (input)
        {
            var step = new TrainingStep(model, optimizer);
            for (int i = 0; i < untimed; i++) loss = step.Run(input);
            // the allocation count brackets the steps alone: reading the process's CPU time allocates a Process object
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < timed; i++)
            {
                long start = Stopwatch.GetTimestamp();
                loss = step.Run(input);
                backend.Synchronize();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            allocatedPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)timed;
            cpuSecondsPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / timed;
            live = LiveBytes(backend, baseline);
        }
        long peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
        var (ops, profiledMs) = Profile(profiler, benchmark, length, profiled);
        bool host = backend.BuffersInHostMemory;
        var devicePeaks = host || !measureDevicePeaks ? null : (backend as IDevicePeakProbe)?.MeasurePeaks();
        double median = TimedCalls.SortAndMedian(times);
        double flops = TrainingStep.FlopsPerStep(benchmark.Model, benchmark.Batch, length);
        return new StepMeasurement(benchmark.Name, deviceName, backend.Name, length, timed, median, times[0], times[^1],
            flops / (median * 1e6), loss,
            allocatedPerStep, live, peakWorkingSet, ops, profiledMs,
            host ? peak.Gflops : devicePeaks?.FmaGflops, cpuSecondsPerStep, host ? peak.GflopsPerCpuSecond : null)
        {
            Precision = precision,
            PeakGigabytesPerSecond = host ? bandwidth.GigabytesPerSecond : devicePeaks?.GigabytesPerSecond,
            DevicePeaks = devicePeaks,
        };
    }

    // per-op totals averaged over the profiled steps (after `untimed` steps, at least one), and the profiled step's
    // own ms
    private static (IReadOnlyList<OpTiming>, double) Profile(ProfilingBackend profiler, BenchmarkConfig benchmark,
        int length, int steps, int untimed = 1)
    {
        var (model, optimizer, input) = Build(profiler, benchmark, length);
        using (model) using (optimizer) using (input)
        {
            var step = new TrainingStep(model, optimizer);
            for (int i = 0; i < Math.Max(1, untimed); i++) step.Run(input);
            profiler.Reset();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++) step.Run(input);
            double msPerStep = Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps;
            var ops = profiler.Timings.Select(op => op with
            {
                Calls = op.Calls / steps, Milliseconds = op.Milliseconds / steps, Flops = op.Flops / steps,
                Bytes = op.Bytes / steps,
                ParallelRuns = op.ParallelRuns / steps, Items = op.Items / steps, StarvedRuns = op.StarvedRuns / steps,
                ReplayedMilliseconds = op.ReplayedMilliseconds / steps,
                SerialMilliseconds = op.SerialMilliseconds / steps,
            }).ToList();
            return (ops, msPerStep);
        }
    }

    /// <summary>
    /// Bytes held by a model, its optimizer, one input and the backend's scratch after one training step of length
    /// T (managed, measured from a clean heap, or a device's own count); the difference between two lengths,
    /// divided by the difference in T, is the memory cost of one time step (activations and every copy of them).
    /// </summary>
    public static long? LiveBytesAfterOneStep(string deviceName, BenchmarkConfig benchmark, int length,
        GemmPrecision precision = GemmPrecision.Fp32)
    {
        ForceFullCollection();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var backend = ComputeDevices.Create(deviceName, precision);
        var (model, optimizer, input) = Build(backend, benchmark, length);
        using (model) using (optimizer) using (input)
        {
            new TrainingStep(model, optimizer).Run(input);
            return LiveBytes(backend, baseline);
        }
    }

    // what the backend's buffers hold now: the managed heap's growth since baseline, or a device's own count
    private static long? LiveBytes(IComputeBackend backend, long baseline)
        => backend.BuffersInHostMemory ? GC.GetTotalMemory(forceFullCollection: true) - baseline
            : backend.DeviceBytesHeld;

    private static (Autoencoder, AdamOptimizer, Tensor) Build(IComputeBackend backend, BenchmarkConfig benchmark,
        int length)
    {
        ModelMemory.Check(benchmark.Model, benchmark.Batch, length, ModelPass.TrainingStep, backend);
        var model = new Autoencoder(benchmark.Model, backend, seed: 1);
        var optimizer = new AdamOptimizer(backend, model.Parameters, new AdamSettings(LearningRate: 1e-3f));
        int channels = benchmark.Model.InputChannels;
        var input = Tensor.FromHost(backend, benchmark.MakeInput(new Random(1), benchmark.Batch, channels, length),
            benchmark.Batch, channels, length);
        return (model, optimizer, input);
    }

    private static void ForceFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
