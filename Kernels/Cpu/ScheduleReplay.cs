using System.Diagnostics;

namespace TcnWtaNative.Kernels.Cpu;

/// <summary>
/// A model of <see cref="CoreWorkers"/> on more cores than this host has: while installed
/// (<see cref="CoreWorkers.Replay"/>), every parallel run's items run one after another on the caller's thread, each
/// timed, and the run is charged what <see cref="Workers"/> threads taking those items in order would take (each
/// thread the next item as soon as it is free, as the workers claim them). Jobs size their items for
/// <see cref="Workers"/>, so the items are those such a host would run. What it leaves out: waking the workers and
/// claiming items, and the caches and memory bandwidth the cores share. So its step time is a lower bound on a
/// many-core host's, set by task granularity and the code between runs alone: the bench's --replay-workers.
/// </summary>
public sealed class ScheduleReplay
{
    private readonly long[] _freeAt;
    private long[] _itemTicks = new long[64];
    private bool _replaying;

    /// <summary>A replay of every run on <paramref name="workers"/> simulated threads.</summary>
    public ScheduleReplay(int workers)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), "a replay needs at least one worker");
        Workers = workers;
        _freeAt = new long[workers];
    }

    /// <summary>The simulated threads that take each run's items.</summary>
    public int Workers { get; }

    /// <summary>
    /// Stopwatch ticks so far: every item's own time (what one core took for the runs), each run's makespan on
    /// <see cref="Workers"/> threads, and the replay's own bookkeeping after each run's items (no host pays it).
    /// </summary>
    public (long ItemTicks, long MakespanTicks, long OverheadTicks) Totals { get; private set; }

    /// <summary>Runs items 0 .. count-1 of job here, in order, and adds the run to <see cref="Totals"/>.</summary>
    public void Run(ParallelJob job, int count)
    {
        if (_replaying)
        {
            // an item that starts a run of its own: its time is already part of the outer item's
            for (int i = 0; i < count; i++) job.Run(i, 0);
            return;
        }
        if (_itemTicks.Length < count) _itemTicks = new long[Math.Max(count, 2 * _itemTicks.Length)];
        _replaying = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                job.Run(i, 0);
                _itemTicks[i] = Stopwatch.GetTimestamp() - start;
            }
        }
        finally
        {
            _replaying = false;
        }
        long bookkeeping = Stopwatch.GetTimestamp();
        var items = _itemTicks.AsSpan(0, count);
        long sum = 0;
        foreach (long ticks in items) sum += ticks;
        long makespan = Makespan(items, _freeAt);
        var (itemTicks, makespanTicks, overheadTicks) = Totals;
        Totals = (itemTicks + sum, makespanTicks + makespan,
            overheadTicks + Stopwatch.GetTimestamp() - bookkeeping);
    }

    /// <summary>
    /// The time until the last of <paramref name="freeAt"/>.Length threads is done when each, once free, takes the
    /// next of the items (taking <paramref name="itemTicks"/> each) in order; the earliest-free thread first.
    /// </summary>
    public static long Makespan(ReadOnlySpan<long> itemTicks, Span<long> freeAt)
    {
        freeAt.Clear();
        foreach (long ticks in itemTicks)
        {
            int earliest = 0;
            for (int worker = 1; worker < freeAt.Length; worker++)
                if (freeAt[worker] < freeAt[earliest]) earliest = worker;
            freeAt[earliest] += ticks;
        }
        long last = 0;
        foreach (long done in freeAt) last = Math.Max(last, done);
        return last;
    }
}
