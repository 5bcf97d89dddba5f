using System.Runtime.CompilerServices;
namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// Work split into numbered items for <see cref="CoreWorkers"/>; subclasses carry their inputs as fields, set before
/// each run.
/// </summary>
public abstract class ParallelJob
{
    /// <summary>
    /// Does item <paramref name="index"/>; <paramref name="worker"/> (0 .. <see cref="CoreWorkers.Count"/>-1) names the
    /// thread, for per-thread scratch.
    /// </summary>
    public abstract void Run(int index, int worker);
}

/// <summary>
/// One long-lived thread per core besides the caller's, running the items of a <see cref="ParallelJob"/> with the
/// caller. Unlike Parallel.For it allocates nothing per call (the training loop must not allocate). Items are
/// handed out one at a time, so uneven items balance. A run started while another is in progress (another thread's
/// backend) runs on its caller's thread alone. An exception in an item is rethrown to the caller.
/// </summary>
public static class CoreWorkers
{
    /// <summary>Threads that run a job's items: the caller plus one worker per further core.</summary>
    public static int Count { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Threads that take a job's items, 1 .. <see cref="Count"/> (default all): the bench's worker-count sweep caps it
    /// per run. Jobs size their items by it, so a capped run splits work as a machine of that many cores would; while
    /// a <see cref="Replay"/> is installed it reads the replay's simulated workers, however many cores there are.
    /// </summary>
    public static int Active
    {
        get => Replay?.Workers ?? _active;
        set => _active = value >= 1 && value <= Count ? value
            : throw new ArgumentOutOfRangeException(nameof(value),
                $"the CPU backend has 1 to {Count} workers, not {value}");
    }

    /// <summary>
    /// Runs started, items handed out (items run inline included), and the runs of fewer items than
    /// <see cref="Active"/>
    /// workers (some of which sat idle) so far: the profile's chunks per op.
    /// </summary>
    public static (long Runs, long Items, long Starved) Issued => (_runs, _items, _starved);

    /// <summary>
    /// Where set, every run is replayed on the caller's thread and charged the makespan of the replay's simulated
    /// workers (<see cref="ScheduleReplay"/>), which <see cref="Active"/> then reports; null (the default) runs on the
    /// cores. Set it only while no run is in progress.
    /// </summary>
    public static ScheduleReplay? Replay { get; set; }

    private static int _active = Count;
    private static long _runs, _items, _starved;

    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly ManualResetEventSlim Finished = new(false);
    private static ParallelJob? _job;
    private static int _count, _next, _busyWorkers;
    private static Exception? _failure;

    static CoreWorkers()
    {
        for (int worker = 1; worker < Count; worker++)
        {
            int id = worker;
            new Thread(() => WorkerLoop(id)) { IsBackground = true, Name = $"tcnwta core worker {id}" }.Start();
        }
    }

    /// <summary>Runs items 0 .. count-1 of job on <see cref="Active"/> cores and returns when every item is
    /// done.</summary>
    public static void Run(ParallelJob job, int count)
    {
        if (count <= 0) return;
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _items, count);
        if (count < Active) Interlocked.Increment(ref _starved);
        if (Replay is { } replay)
        {
            replay.Run(job, count);
            return;
        }
        if (count == 1 || _active == 1 || !Monitor.TryEnter(Gate))
        {
            for (int i = 0; i < count; i++) job.Run(i, 0);
            return;
        }
        try
        {
            int helpers = Math.Min(_active - 1, count - 1);
            _job = job;
            _count = count;
            _next = 0;
            _failure = null;
            _busyWorkers = helpers;
            Finished.Reset();
            Start.Release(helpers);
            Drain(job, 0);
            Finished.Wait();
            _job = null;
            if (_failure is not null) throw new AggregateException("a parallel kernel item failed", _failure);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    private static void WorkerLoop(int worker)
    {
        while (true)
        {
            Start.Wait();
            Drain(_job!, worker);
            if (Interlocked.Decrement(ref _busyWorkers) == 0) Finished.Set();
        }
    }

    // take items until none is left
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Drain(ParallelJob job, int worker)
    {
        try
        {
            for (int i = Interlocked.Increment(ref _next) - 1; i < _count; i = Interlocked.Increment(ref _next) - 1)
                job.Run(i, worker);
        }
        catch (Exception failure)
        {
            _failure = failure;
            Interlocked.Exchange(ref _next, _count);
        }
    }
}
