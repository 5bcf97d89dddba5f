using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// Chooses a GEMM's plan by timing, as cuDNN's benchmark mode does: the first time a class of shapes comes
/// (<see cref="TunedGemmChoice.ClassOf"/>), each candidate runs once untimed (which compiles its kernel) and
/// <see cref="TimedRuns"/> times into scratch output, and the fastest is kept for every later GEMM of that class.
/// Only that first call waits on the device; later ones cost a dictionary look-up. The caller's output is never
/// written by a candidate, so a GEMM that accumulates into it (beta 1) sees it once. Which plan wins can differ between
/// runs of a program, and the plans differ in the order of their sums: a tuned run is not bit-for-bit repeatable,
/// which is why tuning is a choice.
/// </summary>
internal sealed class GemmTuner(Accelerator accelerator) : IDisposable
{
    /// <summary>Timed launches per candidate, after its untimed first launch.</summary>
    public const int TimedRuns = 3;

    private readonly GrowOnlyBuffer<float> _output = new(accelerator);

    /// <summary>Candidate plans timed so far (every class's).</summary>
    public int TimedPlans { get; private set; }

    /// <summary>
    /// Scratch of <paramref name="length"/> floats for the candidates' output, laid out as the GEMM's own.
    /// </summary>
    public ArrayView<float> Output(int length) => _output.View(length);

    /// <summary>The fastest of <paramref name="candidates"/>, each launched by <paramref name="launch"/>.</summary>
    public TunedGemmChoice Fastest(IReadOnlyList<TunedGemmChoice> candidates, Action<TunedGemmChoice> launch)
    {
        var best = (Choice: candidates[0], Seconds: double.PositiveInfinity);
        foreach (var candidate in candidates)
        {
            launch(candidate);
            accelerator.Synchronize();
            var clock = Stopwatch.StartNew();
            for (int run = 0; run < TimedRuns; run++) launch(candidate);
            accelerator.Synchronize();
            double seconds = clock.Elapsed.TotalSeconds;
            TimedPlans++;
            if (seconds < best.Seconds) best = (candidate, seconds);
        }
        return best.Choice;
    }

    public void Dispose() => _output.Dispose();
}
