using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The replay of parallel runs for a host of more cores than this one (<see cref="ScheduleReplay"/>): the makespan of
/// items taken in order by the earliest-free worker, every item run once on the caller's thread, and the worker count
/// that jobs size their items by while a replay is installed.
/// </summary>
[NonParallelizable]
public class ScheduleReplayTests
{
    private sealed class RecordingJob(int count) : ParallelJob
    {
        public readonly List<int> Order = [];
        public readonly int[] Threads = new int[count];
        public Action<int>? Inside { get; init; }

        public override void Run(int index, int worker)
        {
            Order.Add(index);
            Threads[index] = Environment.CurrentManagedThreadId;
            Inside?.Invoke(index);
        }
    }

    [TestCase(new long[] { 5, 1, 1, 1, 1, 1 }, 2, 5, TestName = "one long item beside five short ones on 2 workers")]
    [TestCase(new long[] { 1, 1, 1, 1 }, 1, 4, TestName = "one worker takes the sum")]
    [TestCase(new long[] { 1, 1, 1, 1 }, 2, 2, TestName = "even items on 2 workers")]
    [TestCase(new long[] { 1, 1, 1, 1 }, 8, 1, TestName = "more workers than items: the longest item")]
    [TestCase(new long[] { 1, 1, 4 }, 2, 5, TestName = "in claim order, not longest first: a late long item ends last")]
    [TestCase(new long[] { 3, 1, 1, 2, 2 }, 2, 5, TestName = "the earliest-free worker takes the next item")]
    [TestCase(new long[0], 4, 0, TestName = "no items")]
    public void TheMakespanIsWhenTheLastWorkerTakingItemsInOrderIsDone(long[] items, int workers, long expected)
        => Assert.That(ScheduleReplay.Makespan(items, new long[workers]), Is.EqualTo(expected));

    [Test]
    public void EveryItemRunsOnceInOrderOnTheCallersThreadAndTheRunIsCharged()
    {
        var replay = new ScheduleReplay(16);
        var job = new RecordingJob(100);
        CoreWorkers.Replay = replay;
        try { CoreWorkers.Run(job, 100); }
        finally { CoreWorkers.Replay = null; }
        var (items, makespan, _) = replay.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(job.Order, Is.EqualTo(Enumerable.Range(0, 100)));
            Assert.That(job.Threads, Is.All.EqualTo(Environment.CurrentManagedThreadId));
            Assert.That(items, Is.GreaterThan(0));
            Assert.That(makespan, Is.InRange((items + 15) / 16, items), "between a perfect split and one core");
        });
    }

    [Test]
    public void AnItemsOwnRunRunsInsideItAndIsChargedOnce()
    {
        var replay = new ScheduleReplay(4);
        var inner = new RecordingJob(3);
        var outer = new RecordingJob(2) { Inside = _ => CoreWorkers.Run(inner, 3) };
        CoreWorkers.Replay = replay;
        try { CoreWorkers.Run(outer, 2); }
        finally { CoreWorkers.Replay = null; }
        var (items, makespan, _) = replay.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(inner.Order, Is.EqualTo(new[] { 0, 1, 2, 0, 1, 2 }));
            // the outer run's two items on 4 workers: each its own worker, so the longer of the two
            Assert.That(makespan, Is.LessThan(items));
        });
    }

    [Test]
    public void JobsSizeTheirItemsForTheReplaysWorkersWhileItIsInstalled()
    {
        int before = CoreWorkers.Active;
        CoreWorkers.Replay = new ScheduleReplay(CoreWorkers.Count + 14);
        try { Assert.That(CoreWorkers.Active, Is.EqualTo(CoreWorkers.Count + 14)); }
        finally { CoreWorkers.Replay = null; }
        Assert.That(CoreWorkers.Active, Is.EqualTo(before));
    }

    [Test]
    public void AReplayNeedsAWorker()
        => Assert.That(() => new ScheduleReplay(0), Throws.TypeOf<ArgumentOutOfRangeException>());
}
