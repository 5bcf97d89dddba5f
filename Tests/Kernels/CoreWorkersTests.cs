using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The allocation-free worker pool: every item runs exactly once, failures reach the caller, concurrent callers both
/// finish.
/// </summary>
public class CoreWorkersTests
{
    private sealed class CountingJob(int count) : ParallelJob
    {
        public readonly int[] Runs = new int[count];
        public int FailAt { get; init; } = -1;

        public override void Run(int index, int worker)
        {
            if (index == FailAt) throw new InvalidOperationException($"item {index} failed on purpose");
            Interlocked.Increment(ref Runs[index]);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(1000)]
    public void EveryItemRunsExactlyOnce(int count)
    {
        var job = new CountingJob(count);
        CoreWorkers.Run(job, count);
        Assert.That(job.Runs, Is.All.EqualTo(1));
    }

    [Test]
    public void ManySmallRunsBackToBackRunEveryItemOnce()
    {
        // workers woken for one run may wake after its items are gone: they must take nothing twice from the next
        var jobs = new[] { new CountingJob(3), new CountingJob(17) };
        for (int round = 0; round < 5000; round++) CoreWorkers.Run(jobs[round % 2], jobs[round % 2].Runs.Length);
        Assert.That(jobs.SelectMany(job => job.Runs), Is.All.EqualTo(2500));
    }

    [Test]
    public void ARunReturnsOnlyOnceEveryItemHasFinished()
    {
        // items of uneven length, many rounds back to back: no run returns while a worker is still in one of its items
        var finished = new int[40];
        var job = new UnevenJob(finished);
        for (int round = 1; round <= 3000; round++)
        {
            job.Round = round;
            CoreWorkers.Run(job, finished.Length);
            int early = Array.FindIndex(finished, value => value != round);
            Assert.That(early, Is.EqualTo(-1), $"round {round}: an item was still running when Run returned");
        }
    }

    private sealed class UnevenJob(int[] finished) : ParallelJob
    {
        public int Round { get; set; }

        public override void Run(int index, int worker)
        {
            Thread.SpinWait(index % 7 * 50);
            Volatile.Write(ref finished[index], Round);
        }
    }

    [Test]
    public void RunsAgainAfterManyRounds()
    {
        var job = new CountingJob(64);
        for (int round = 0; round < 200; round++) CoreWorkers.Run(job, 64);
        Assert.That(job.Runs, Is.All.EqualTo(200));
    }

    [Test]
    public void AFailingItemIsRethrownAndThePoolStillWorks()
    {
        var failing = new CountingJob(100) { FailAt = 37 };
        var error = Assert.Throws<AggregateException>(() => CoreWorkers.Run(failing, 100));
        Assert.That(error!.InnerException!.Message, Does.Contain("item 37"));
        var next = new CountingJob(100);
        CoreWorkers.Run(next, 100);
        Assert.That(next.Runs, Is.All.EqualTo(1));
    }

    [Test]
    public void ConcurrentCallersBothComplete()
    {
        var jobs = Enumerable.Range(0, 4).Select(_ => new CountingJob(500)).ToArray();
        Parallel.ForEach(jobs, job => { for (int round = 0; round < 20; round++) CoreWorkers.Run(job, 500); });
        Assert.That(jobs.SelectMany(job => job.Runs), Is.All.EqualTo(20));
    }
}
