namespace TcnWtaNative.Training.Benchmarking;

/// <summary>The summary statistics the benchmarks quote of their timed calls.</summary>
public static class TimedCalls
{
    /// <summary>
    /// Sorts <paramref name="times"/> [n] (ms per call, n ≥ 1) in place and returns their median: the middle one, or
    /// the mean of the two middle ones for an even n. times[0] and times[^1] are then the fastest and slowest.
    /// </summary>
    public static double SortAndMedian(double[] times)
    {
        if (times.Length == 0) throw new ArgumentException("a median needs at least one timed call");
        Array.Sort(times);
        int middle = times.Length / 2;
        return times.Length % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
    }
}
