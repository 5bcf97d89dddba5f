using System.Diagnostics;
using System.Numerics.Tensors;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// The host's measured memory bandwidth on all cores: a[i] += s · b[i] (an axpy) over two arrays far larger than any
/// cache, each thread on its own contiguous slice. Bytes are counted as STREAM counts them, 4 for each float read and 4
/// for each float written (12 per element), which is how the bench counts the bytes of its memory-bound ops
/// (<see cref="OpTiming.Bytes"/>), so an op's GB/s over this is the fraction of the bandwidth it reaches. The axpy
/// writes only what it has just read, as Adam does, so no write costs a cache-line fill that the count leaves out
/// (STREAM's triad writes a third array, whose fills make it count a quarter less than the memory moves).
/// </summary>
public sealed record MemoryBandwidth(int Threads, double GigabytesPerSecond)
{
    /// <summary>Floats per array by default: 128 MiB each, 256 MiB in all, well past the last-level cache of a
    /// many-core server (a 16-core slice of one has 32-128 MiB).</summary>
    public const int DefaultFloats = 1 << 25;

    private const int BytesPerElement = 12;

    /// <summary>
    /// Runs <paramref name="runs"/> timed rounds (after one in which each thread writes its own slices of both arrays,
    /// so every page is mapped, by the thread that uses it) with one thread per core or
    /// <paramref name="threads"/> threads, and keeps the fastest, as STREAM does: a peak is what the memory can give,
    /// and on a shared host the slower rounds measure its other tenants.
    /// </summary>
    public static MemoryBandwidth Measure(int runs = 10, int? threads = null, int floats = DefaultFloats)
    {
        int count = threads ?? Environment.ProcessorCount;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(threads),
            $"the memory bandwidth needs 1 or more threads, not {count}");
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), $"needs 1 or more runs, not {runs}");
        if (floats < count) throw new ArgumentOutOfRangeException(nameof(floats),
            $"{floats} floats cannot be split among {count} threads");
        var a = GC.AllocateUninitializedArray<float>(floats);
        var b = GC.AllocateUninitializedArray<float>(floats);
        Round(count, floats, (from, length) =>
        {
            a.AsSpan(from, length).Clear();
            b.AsSpan(from, length).Fill(1f);
        });
        var seconds = new double[runs];
        for (int run = 0; run < runs; run++)
            seconds[run] = Round(count, floats, (from, length) =>
                TensorPrimitives.MultiplyAdd(b.AsSpan(from, length), 0.5f, a.AsSpan(from, length),
                    a.AsSpan(from, length)));
        return new MemoryBandwidth(count, (double)BytesPerElement * floats / seconds.Min() / 1e9);
    }

    // the seconds from the start signal until the last of the threads has done its slice
    private static double Round(int threads, int floats, Action<int, int> slice)
    {
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            long from = (long)floats * i / threads, to = (long)floats * (i + 1) / threads;
            start.SignalAndWait();
            slice((int)from, (int)(to - from));
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers) worker.Join();
        return clock.Elapsed.TotalSeconds;
    }
}
