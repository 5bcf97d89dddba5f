using System.Diagnostics;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training.Benchmarking;

/// <summary>
/// One device's <see cref="IComputeBackend.ThresholdSearch"/> timing: the median, fastest and slowest call in ms, and
/// the median's rate in billions of (frame, atom, cell) triples a call weighs (F N D of them, each visited at most
/// once: a scan stops at the minimum cut).
/// </summary>
public sealed record ThresholdSearchMeasurement(string Device, string DeviceName, int Frames, int Atoms, int Cells,
    double MedianMs, double MinMs, double MaxMs, double GigaCellsPerSecond);

/// <summary>
/// Times <see cref="IComputeBackend.ThresholdSearch"/> alone on the groove-best shape the gain and union codes search:
/// F frames of D = 72 hit cells (9 drums, 8 steps; one cell in five a hit) against N = 1000 atoms whose scores, as
/// <c>GainSearchDictionary</c> makes them, are hit rows over their peak (seeded, mostly faint: u^3 for u uniform in
/// [0, 1], the peak set to 1), the minimum cut 0.25 of the gain cap 2, and ties broken by a seeded preference [F, N]
/// as the frame-fit tie-break passes one. No part of a training step, so the step benchmark never times it.
/// </summary>
public static class ThresholdSearchBenchmark
{
    /// <summary>The groove-best shape: atoms and hit cells per frame.</summary>
    public const int Atoms = 1000, Cells = 9 * 8;

    /// <summary>The minimum cut of the gain search at its gain cap of 2.</summary>
    public const float MinimumCut = 0.25f;

    /// <summary>Frames per call: the validation split's two-beat frames, about.</summary>
    public const int Frames = 4096;

    /// <summary>Median of <paramref name="timed"/> calls after <paramref name="untimed"/> warm-up calls.</summary>
    public static ThresholdSearchMeasurement Measure(string device, int frames, int timed, int untimed)
    {
        using var backend = ComputeDevices.Create(device);
        var random = new Random(13);
        var scores = new float[Atoms * Cells];
        for (int n = 0; n < Atoms; n++)
        {
            for (int d = 0; d < Cells; d++) scores[n * Cells + d] = MathF.Pow((float)random.NextDouble(), 3);
            scores[n * Cells + random.Next(Cells)] = 1f;
        }
        var targets = new float[frames * Cells];
        for (int i = 0; i < targets.Length; i++) targets[i] = random.Next(5) == 0 ? 1f : 0f;
        var preference = new float[frames * Atoms];
        for (int i = 0; i < preference.Length; i++) preference[i] = (float)random.NextDouble();
        using var scoreBuffer = backend.Allocate(scores.Length);
        using var orderBuffer = backend.Allocate(scores.Length);
        using var targetBuffer = backend.Allocate(targets.Length);
        using var preferenceBuffer = backend.Allocate(preference.Length);
        using var choice = backend.Allocate(2 * frames);
        backend.Upload(scores, scoreBuffer);
        backend.Upload(ThresholdSearchShapes.DescendingOrder(scores, Atoms, Cells), orderBuffer);
        backend.Upload(targets, targetBuffer);
        backend.Upload(preference, preferenceBuffer);
        var times = new double[timed];
        for (int call = -untimed; call < timed; call++)
        {
            long start = Stopwatch.GetTimestamp();
            backend.ThresholdSearch(frames, Atoms, Cells, MinimumCut, targetBuffer, scoreBuffer, orderBuffer,
                preferenceBuffer, choice);
            backend.Synchronize();
            if (call >= 0) times[call] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        double median = TimedCalls.SortAndMedian(times);
        return new ThresholdSearchMeasurement(device, backend.Name, frames, Atoms, Cells, median, times[0], times[^1],
            (double)frames * Atoms * Cells / (median * 1e6));
    }
}
