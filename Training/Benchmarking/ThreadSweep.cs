using TcnWtaNative.Kernels.Cpu;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// The bench's worker-count sweep of the SIMD CPU backend: the thread counts asked for, each run capped at that many
/// workers (<see cref="CoreWorkers.Active"/>) against the FMA peak of as many threads, and each run's speed-up, of the
/// step and of every op, over the first count's.
/// </summary>
public static class ThreadSweep
{
    /// <summary>"1,2,4" -> [1, 2, 4]: distinct, ascending, each 1 .. <paramref name="workers"/> (the process's
    /// workers).</summary>
    public static int[] Parse(string list, int workers)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException("--threads names no thread count");
        var counts = parts.Select(part => int.TryParse(part, out int count) && count >= 1 && count <= workers ? count
            : throw new ArgumentException($"--threads: '{part}' is not a thread count in 1..{workers} "
                + "(the CPU backend's workers; "
                + "DOTNET_PROCESSOR_COUNT sets how many)")).ToArray();
        if (counts.Distinct().Count() != counts.Length || !counts.SequenceEqual(counts.Order()))
            throw new ArgumentException($"--threads must list distinct counts in ascending order, got {list}");
        return counts;
    }

    /// <summary>Runs <paramref name="measure"/> once per thread count with the workers capped there, and restores
    /// them.</summary>
    public static List<StepMeasurement> Run(IReadOnlyList<int> threadCounts, Func<int, StepMeasurement> measure)
    {
        var results = new List<StepMeasurement>();
        try
        {
            foreach (int threads in threadCounts)
            {
                CoreWorkers.Active = threads;
                results.Add(measure(threads) with { Threads = threads });
            }
        }
        finally
        {
            CoreWorkers.Active = CoreWorkers.Count;
        }
        return WithSpeedUps(results);
    }

    // each run's step and ops with their speed-up over the first run (ops matched by name and shape)
    private static List<StepMeasurement> WithSpeedUps(List<StepMeasurement> results)
    {
        var first = results[0];
        var firstOps = first.Ops.ToDictionary(op => (op.Op, op.Shape), op => op.Milliseconds);
        return [.. results.Select(result => result with
        {
            SpeedUp = first.MsPerStepMedian / result.MsPerStepMedian,
            Ops = [.. result.Ops.Select(op => op with
            {
                SpeedUp = firstOps.TryGetValue((op.Op, op.Shape), out double ms) && op.Milliseconds > 0
                    ? ms / op.Milliseconds : null,
            })],
        })];
    }
}
