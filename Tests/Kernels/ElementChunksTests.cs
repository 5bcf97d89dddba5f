using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// How memory-bound passes split among the active workers (<see cref="ElementChunks"/>,
/// <see cref="CoreWorkers.Active"/>): items of whole 64-float granules within the limits, several per worker when the
/// buffer allows, a capped run on one worker alone, and an Adam step that gives the same floats however many workers
/// split it.
/// </summary>
[NonParallelizable]
public class ElementChunksTests
{
    [TestCase(100)]
    [TestCase(86_400)]   // groove's parameters
    [TestCase(14_500_000)]   // maestro's
    public void ItemsAreWholeGranulesWithinTheLimitsAndCoverTheBuffer(int length)
    {
        for (int workers = 1; workers <= CoreWorkers.Count; workers++)
        {
            CoreWorkers.Active = workers;
            try
            {
                int size = ElementChunks.Size(length, largest: 1 << 15), count = ElementChunks.Count(length, size);
                Assert.That(size % 64, Is.Zero, $"{workers} workers");
                Assert.That(size, Is.InRange(ElementChunks.Smallest, 1 << 15), $"{workers} workers");
                Assert.That((long)count * size, Is.GreaterThanOrEqualTo(length));
                Assert.That((long)(count - 1) * size, Is.LessThan(length), "no empty item");
                if (length >= 4 * workers * ElementChunks.Smallest) Assert.That(count,
                    Is.GreaterThanOrEqualTo(4 * workers), "4 items per worker");
            }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
        }
    }

    [Test]
    public void ARunCappedAtOneWorkerStaysOnTheCallersThread()
    {
        var job = new WorkerLog(200);
        CoreWorkers.Active = 1;
        try { CoreWorkers.Run(job, 200); }
        finally { CoreWorkers.Active = CoreWorkers.Count; }
        Assert.That(job.Workers, Is.All.EqualTo(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoreWorkers.Active = CoreWorkers.Count + 1);
    }

    [Test]
    public void AdamGivesTheSameFloatsOnOneWorkerAndOnAll()
    {
        float[] Step(int workers)
        {
            using var backend = new CpuBackend();
            var buffers = Enumerable.Range(0, 3).Select(_ => backend.Allocate(86_401)).ToArray();
            for (int i = 0; i < 3; i++) backend.Upload(RandomTensors.UniformFloat(86_401, i + 1), buffers[i]);
            using var second = backend.Allocate(86_401);
            backend.Upload(RandomTensors.UniformFloat(86_401, 4, 0, 1e-2), second);
            CoreWorkers.Active = workers;
            try { backend.AdamStep(new AdamSettings(1e-3f), 3, buffers[0], buffers[1], buffers[2], second); }
            finally { CoreWorkers.Active = CoreWorkers.Count; }
            var parameters = new float[86_401];
            backend.Download(buffers[0], parameters);
            foreach (var buffer in buffers) buffer.Dispose();
            return parameters;
        }
        Assert.That(Step(1), Is.EqualTo(Step(CoreWorkers.Count)));
    }

    private sealed class WorkerLog(int count) : ParallelJob
    {
        public readonly int[] Workers = Enumerable.Repeat(-1, count).ToArray();

        public override void Run(int index, int worker) => Workers[index] = worker;
    }
}
