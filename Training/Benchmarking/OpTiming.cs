namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// One op at one shape, totalled over the profiled steps: how often it ran, the wall time it took (each call
/// synchronized) and the floating-point operations it did (2 x multiply-adds; 0 for ops that are not counted).
/// </summary>
public sealed record OpTiming(string Op, string Shape, int Calls, double Milliseconds, double Flops)
{
    /// <summary>GFLOP/s of this op alone, 0 when it does no counted flops.</summary>
    public double GflopsPerSecond => Milliseconds > 0 ? Flops / (Milliseconds * 1e6) : 0;

    /// <summary>
    /// Bytes a memory-bound op must move, counted as STREAM counts them (4 per float read, 4 per float written, a
    /// float both read and written counting both; <see cref="MemoryBandwidth"/>); 0 for ops whose bytes are not
    /// counted: those with counted flops, and those whose traffic depends on their data.
    /// </summary>
    public double Bytes { get; init; }

    /// <summary>GB/s of this op alone, 0 when its bytes are not counted.</summary>
    public double GigabytesPerSecond => Milliseconds > 0 ? Bytes / (Milliseconds * 1e6) : 0;

    /// <summary>Parallel runs the CPU backend started for the op (0 on other backends).</summary>
    public long ParallelRuns { get; init; }

    /// <summary>Items those runs handed out to the workers: at fewer items per run than workers, some sit
    /// idle.</summary>
    public long Items { get; init; }

    /// <summary>In a <see cref="ThreadSweep"/> or a <see cref="GemmKernelSweep"/>, the op's ms in the first run over
    /// its ms here; null outside one.</summary>
    public double? SpeedUp { get; init; }

    /// <summary>Parallel runs of fewer items than workers: some workers sat idle through them.</summary>
    public long StarvedRuns { get; init; }

    /// <summary>
    /// Under a <see cref="TcnWtaNative.Kernels.Cpu.ScheduleReplay"/>, the op's ms with each parallel run charged its
    /// makespan on the replay's simulated workers instead of its items' one-core time (the code between runs kept as
    /// it ran): a bound on a host of that many cores from task granularity and serial code alone; null otherwise.
    /// </summary>
    public double? ReplayedMilliseconds { get; init; }

    /// <summary>
    /// Under a <see cref="TcnWtaNative.Kernels.Cpu.ScheduleReplay"/>, the op's ms outside its parallel runs (on the
    /// calling thread, whatever the cores): part of <see cref="ReplayedMilliseconds"/>; null otherwise.
    /// </summary>
    public double? SerialMilliseconds { get; init; }

    /// <summary>Items per parallel run, 0 without runs.</summary>
    public double ItemsPerRun => ParallelRuns > 0 ? (double)Items / ParallelRuns : 0;
}
