using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// The machine's measured float32 FMA throughput on all cores, per vector width, and the best of them; also per
/// CPU-second of the probe's threads (what one core does while it runs), which other processes sharing the cores
/// disturb far less than wall-clock time.
/// </summary>
public sealed record FmaPeak(int Threads, double Vector256Gflops, double? Vector512Gflops, double GflopsPerCpuSecond)
{
    /// <summary>The peak every fraction is taken against: the faster of the two widths.</summary>
    public double Gflops => Math.Max(Vector256Gflops, Vector512Gflops ?? 0);

    private const int Chains = 12;                 // independent accumulators: hides FMA
                                                   // latency (4-5 cycles) at 2 FMAs per cycle
    private const int Iterations = 20_000_000;     // per thread and round: ~0.1 s at 2 FMAs per cycle

    /// <summary>
    /// Runs <paramref name="runs"/> timed rounds per width (after one warm-up round), each with one thread per
    /// core (or <paramref name="threads"/> threads, the peak of that many cores) all starting together on
    /// <see cref="Chains"/> independent FMA chains, and keeps the median. Vector512 is measured only where the hardware
    /// accelerates it.
    /// </summary>
    public static FmaPeak Measure(int runs = 5, int? threads = null)
    {
        int count = threads ?? Environment.ProcessorCount;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(threads),
            $"the FMA peak needs 1 or more threads, not {count}");
        var v256 = Median(runs, () => Round(count, Chain256, 8));
        (double Wall, double Cpu)? v512 = Vector512.IsHardwareAccelerated
            ? Median(runs, () => Round(count, Chain512, 16)) : null;
        return new FmaPeak(count, v256.Wall, v512?.Wall, Math.Max(v256.Cpu, v512?.Cpu ?? 0));
    }

    // the median of each measure over the rounds, after one warm-up round
    private static (double Wall, double Cpu) Median(int runs, Func<(double Wall, double Cpu)> round)
    {
        round();
        var results = Enumerable.Range(0, runs).Select(_ => round()).ToArray();
        return (results.Select(r => r.Wall).Order().ElementAt(runs / 2),
            results.Select(r => r.Cpu).Order().ElementAt(runs / 2));
    }

    // GFLOP per wall-clock second (the clock stops when the last thread finishes) and per CPU-second of one round
    private static (double Wall, double Cpu) Round(int threads, Func<float> chain, int lanes)
    {
        using var start = new Barrier(threads + 1);
        var sink = new float[threads];
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            sink[i] = chain();
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers) worker.Join();
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        GC.KeepAlive(sink);
        double gflop = 2.0 * Chains * lanes * Iterations * threads / 1e9;
        return (gflop / seconds, gflop / cpuSeconds);
    }

    // Chain256 and Chain512 are one loop at two widths (no public generic vector interface to share it).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain256()
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m,
            c11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chain512()
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> c0 = m, c1 = m, c2 = m, c3 = m, c4 = m, c5 = m, c6 = m, c7 = m, c8 = m, c9 = m, c10 = m,
            c11 = m;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
