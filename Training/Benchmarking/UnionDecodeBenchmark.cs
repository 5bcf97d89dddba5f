using System.Diagnostics;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// One device's <see cref="IComputeBackend.UnionDecode"/> timing: the median, fastest and slowest call in ms, and the
/// median's GB/s over the bytes a call must move (the code read and the output written; the dictionary stays in
/// cache).
/// </summary>
public sealed record UnionDecodeMeasurement(string Device, string DeviceName, int Frames, int Entries, int Atoms,
    int FrameSize, double MedianMs, double MinMs, double MaxMs, double GigabytesPerSecond);

/// <summary>
/// Times <see cref="IComputeBackend.UnionDecode"/> alone on the groove-best shape: F frames of E = 2 entries over
/// N = 1000 two-beat atoms [27, 8] (S = 216 values, H = 72 hit cells), seeded random atoms (one entry in five unused,
/// -1) and gains in [0.5, 2]. The union decode is no part of a training step, so the step benchmark never times it.
/// </summary>
public static class UnionDecodeBenchmark
{
    /// <summary>The groove-best shape: entries per frame, atoms, values per frame and hit cells per frame.</summary>
    public const int Entries = 2, Atoms = 1000, FrameSize = 27 * 8, HitCells = 9 * 8;

    /// <summary>Frames per call: the trainer's cap on the frames an atom initializer sees.</summary>
    public const int Frames = 1 << 16;

    /// <summary>Median of <paramref name="timed"/> calls after <paramref name="untimed"/> warm-up calls.</summary>
    public static UnionDecodeMeasurement Measure(string device, int frames, int timed, int untimed)
    {
        using var backend = ComputeDevices.Create(device);
        var random = new Random(12);
        var dictionary = new float[Atoms * FrameSize];
        for (int i = 0; i < dictionary.Length; i++) dictionary[i] = (float)(random.NextDouble() - 0.3);
        var code = new float[2 * frames * Entries];
        for (int slot = 0; slot < frames * Entries; slot++)
            (code[2 * slot], code[2 * slot + 1]) = random.Next(5) == 0 ? (-1f, 0f)
                : (random.Next(Atoms), (float)(0.5 + 1.5 * random.NextDouble()));
        using var codeBuffer = backend.Allocate(code.Length);
        using var dictionaryBuffer = backend.Allocate(dictionary.Length);
        using var output = backend.Allocate(frames * FrameSize);
        backend.Upload(code, codeBuffer);
        backend.Upload(dictionary, dictionaryBuffer);
        var times = new double[timed];
        for (int call = -untimed; call < timed; call++)
        {
            long start = Stopwatch.GetTimestamp();
            backend.UnionDecode(frames, Entries, Atoms, FrameSize, HitCells, codeBuffer, dictionaryBuffer, output);
            backend.Synchronize();
            if (call >= 0) times[call] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        double median = TimedCalls.SortAndMedian(times);
        double bytes = (double)frames * (8 * Entries + 4 * FrameSize);
        return new UnionDecodeMeasurement(device, backend.Name, frames, Entries, Atoms, FrameSize, median, times[0],
            times[^1], bytes / (median * 1e6));
    }
}
