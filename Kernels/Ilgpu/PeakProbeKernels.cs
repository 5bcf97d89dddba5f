using System.Diagnostics;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace TcnWtaNative.Kernels.Ilgpu;

/// <summary>
/// The device's own peaks, measured the way the bench measures the host's (<c>FmaPeak</c>, <c>MemoryBandwidth</c>):
/// independent FMA chains on every thread the device holds resident at once, and an axpy a += s · b over two buffers
/// of <see cref="BandwidthFloats"/> floats. The chains are written as multiply then add, the form every GEMM kernel
/// here uses; ptxas fuses each pair into one FFMA (session 43 read the H200's SASS). Where the device has TF32 tensor
/// cores, also chains of the one mma instruction the TF32 GEMM issues (<see cref="Tf32Mma"/>, with its operands passed
/// as ILGPU passes inline-PTX operands): the rate that GEMM could reach at best.
/// </summary>
public sealed class PeakProbeKernels
{
    /// <summary>Independent chains per thread: enough to hide the FMA latency (4 cycles) at one FMA a cycle.</summary>
    public const int Chains = 16;

    /// <summary>Fused multiply-adds per thread per round of the loop: the chains, four times over.</summary>
    public const int FmasPerRound = 4 * Chains;

    /// <summary>Flops of one warp's m16n8k8 mma: 2 · 16 · 8 · 8.</summary>
    public const int MmaFlops = 2 * 16 * 8 * 8;

    /// <summary>Mmas per warp per round of the TF32 loop: four independent accumulators, twice.</summary>
    public const int MmasPerRound = 8;

    private const int GroupSize = 256;
    private const double TargetSeconds = 0.02;

    private readonly Accelerator _accelerator;
    private readonly Action<KernelConfig, ArrayView<float>, int, float, float> _chains;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, float> _axpy;
    private readonly Lazy<Action<KernelConfig, ArrayView<float>, int, float, float>> _tf32;

    /// <summary>Compiles the FMA and axpy probes for <paramref name="accelerator"/> (the TF32 one on first use).
    /// </summary>
    public PeakProbeKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _chains = accelerator.LoadStreamKernel<ArrayView<float>, int, float, float>(FmaChains);
        _axpy = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(Axpy);
        _tf32 = new(() => accelerator.LoadStreamKernel<ArrayView<float>, int, float, float>(MmaChains));
    }

    /// <summary>
    /// Whether the device multiplies TF32 on tensor cores (CUDA), or the CPU accelerator emulates them; an OpenCL GPU
    /// has no TF32 path here, so no TF32 peak.
    /// </summary>
    public bool HasTf32 => _accelerator.AcceleratorType != AcceleratorType.OpenCL;

    /// <summary>
    /// Floats in each axpy buffer: 128 MiB each on a GPU, past the 50-60 MB L2 of an H100 or H200; 256 KiB on ILGPU's
    /// CPU accelerator, which only stands in for a device: it simulates every thread, so its figures (around a MFLOP/s
    /// and a few MB/s here) measure the simulation, and a bigger buffer would only cost the tests seconds.
    /// </summary>
    public int BandwidthFloats => _accelerator.AcceleratorType == AcceleratorType.CPU ? 1 << 16 : 1 << 25;

    /// <summary>Threads of one full wave of groups: every multiprocessor filled.</summary>
    public int ResidentThreads
        => Math.Max(1, _accelerator.NumMultiprocessors * _accelerator.MaxNumThreadsPerMultiprocessor / GroupSize)
            * GroupSize;

    /// <summary>The peaks, as <see cref="IDevicePeakProbe.MeasurePeaks"/> promises.</summary>
    public DevicePeaks Measure(int runs)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), $"needs 1 or more runs, not {runs}");
        int threads = ResidentThreads;
        using var sums = _accelerator.Allocate1D<float>(threads);
        int rounds = Calibrate(sums.View);
        var fmaSeconds = Enumerable.Range(0, runs).Select(_ => TimeChains(sums.View, rounds)).Order().ToArray();
        double gflop = 2.0 * FmasPerRound * rounds * (double)threads / 1e9;

        using var a = _accelerator.Allocate1D<float>(BandwidthFloats);
        using var b = _accelerator.Allocate1D<float>(BandwidthFloats);
        a.MemSetToZero();
        b.MemSetToZero();
        TimeAxpy(a.View, b.View);
        double fastest = Enumerable.Range(0, 2 * runs).Min(_ => TimeAxpy(a.View, b.View));
        return new DevicePeaks(threads, gflop / fmaSeconds[runs / 2], 12.0 * BandwidthFloats / fastest / 1e9)
        {
            Tf32Gflops = HasTf32 ? MeasureTf32(sums.View, runs) : null,
        };
    }

    // the median rate of the mma chains over runs, one calibrated to TargetSeconds as the FMA chains are
    private double MeasureTf32(ArrayView<float> sums, int runs)
    {
        int rounds = 1;
        while (TimeMmas(sums, rounds) < TargetSeconds && rounds < 1 << 24) rounds *= 2;
        var seconds = Enumerable.Range(0, runs).Select(_ => TimeMmas(sums, rounds)).Order().ToArray();
        double warps = sums.Length / (double)_accelerator.WarpSize;
        return MmaFlops * MmasPerRound * rounds * warps / seconds[runs / 2] / 1e9;
    }

    /// <summary>
    /// sums[thread] after <paramref name="rounds"/> rounds of the TF32 mma chains: every element of A is
    /// <paramref name="a"/>, of B <paramref name="b"/> (both taken as TF32), so each mma adds 8 · a · b to each of a
    /// lane's four accumulators, which start at 0, 1, 2 and 3.
    /// </summary>
    public void RunMmaChains(ArrayView<float> sums, int rounds, float a, float b)
        => _tf32.Value(new KernelConfig((int)(sums.Length / GroupSize), GroupSize), sums, rounds, a, b);

    /// <summary>sums[thread] after <paramref name="rounds"/> rounds of the chains, multiplier m, addend a.</summary>
    public void RunChains(ArrayView<float> sums, int rounds, float m, float a)
        => _chains(new KernelConfig((int)(sums.Length / GroupSize), GroupSize), sums, rounds, m, a);

    /// <summary>a += s · b, element by element.</summary>
    public void RunAxpy(ArrayView<float> a, ArrayView<float> b, float s) => _axpy((int)a.Length, a, b, s);

    // rounds doubled from 1 until one run lasts TargetSeconds (the first run also compiles and warms the device)
    private int Calibrate(ArrayView<float> sums)
    {
        int rounds = 1;
        while (TimeChains(sums, rounds) < TargetSeconds && rounds < 1 << 24) rounds *= 2;
        return rounds;
    }

    private double TimeChains(ArrayView<float> sums, int rounds)
        => Time(() => RunChains(sums, rounds, 0.9999f, 1e-4f));

    private double TimeMmas(ArrayView<float> sums, int rounds)
        => Time(() => RunMmaChains(sums, rounds, 1f / 4096, 1f / 4096));

    private double TimeAxpy(ArrayView<float> a, ArrayView<float> b) => Time(() => RunAxpy(a, b, 0.5f));

    private double Time(Action launch)
    {
        _accelerator.Synchronize();
        long start = Stopwatch.GetTimestamp();
        launch();
        _accelerator.Synchronize();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    // sums[thread] = the sum of 16 chains x <- x * m + a, each started at 1 + chain / 16 + thread * 2^-20 and stepped
    // 4 * rounds times; groups of 256, one thread per element of sums.
    private static void FmaChains(ArrayView<float> sums, int rounds, float m, float a)
    {
        int thread = Grid.GlobalIndex.X;
        float start = 1f + thread * (1f / (1 << 20));
        var addend = new PackedFloat4(a, a, a, a);
        var chains = new ChainSet(
            new PackedFloat4(start, start + 1f / 16, start + 2f / 16, start + 3f / 16),
            new PackedFloat4(start + 4f / 16, start + 5f / 16, start + 6f / 16, start + 7f / 16),
            new PackedFloat4(start + 8f / 16, start + 9f / 16, start + 10f / 16, start + 11f / 16),
            new PackedFloat4(start + 12f / 16, start + 13f / 16, start + 14f / 16, start + 15f / 16));
        for (int round = 0; round < rounds; round++)
            chains = Step(Step(Step(Step(chains, m, addend), m, addend), m, addend), m, addend);
        sums[thread] = Sum(chains.C0) + Sum(chains.C1) + Sum(chains.C2) + Sum(chains.C3);
    }

    // every chain stepped once: x <- x * m + a (straight-line code, no inner loop for ILGPU to keep)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ChainSet Step(ChainSet c, float m, PackedFloat4 addend)
        => new(addend.AddScaled(m, c.C0), addend.AddScaled(m, c.C1), addend.AddScaled(m, c.C2),
            addend.AddScaled(m, c.C3));

    // sums[thread] = the sum of this lane's 16 accumulators after 8 * rounds mmas with A = a, B = b everywhere: four
    // accumulator tiles of the warp, started at 0..3, each stepped twice a round; groups of 256, whole warps.
    private static void MmaChains(ArrayView<float> sums, int rounds, float a, float b)
    {
        float aTf32 = Tf32Rounding.Round(a), bTf32 = Tf32Rounding.Round(b);
        var aFragment = new Tf32AFragment(aTf32, aTf32, aTf32, aTf32);
        var bFragment = new Tf32BFragment(bTf32, bTf32);
        Tf32Accumulator c0 = new(0, 0, 0, 0), c1 = new(1, 1, 1, 1), c2 = new(2, 2, 2, 2), c3 = new(3, 3, 3, 3);
        for (int round = 0; round < rounds; round++)
        {
            c0 = Tf32Mma.Multiply(c0, aFragment, bFragment);
            c1 = Tf32Mma.Multiply(c1, aFragment, bFragment);
            c2 = Tf32Mma.Multiply(c2, aFragment, bFragment);
            c3 = Tf32Mma.Multiply(c3, aFragment, bFragment);
            c0 = Tf32Mma.Multiply(c0, aFragment, bFragment);
            c1 = Tf32Mma.Multiply(c1, aFragment, bFragment);
            c2 = Tf32Mma.Multiply(c2, aFragment, bFragment);
            c3 = Tf32Mma.Multiply(c3, aFragment, bFragment);
        }
        sums[Grid.GlobalIndex.X] = Sum(c0) + Sum(c1) + Sum(c2) + Sum(c3);
    }

    private static float Sum(Tf32Accumulator c) => c.C0 + c.C1 + c.C2 + c.C3;

    private static float Sum(PackedFloat4 v) => v.X + v.Y + v.Z + v.W;

    // a[i] += s * b[i]
    private static void Axpy(Index1D i, ArrayView<float> a, ArrayView<float> b, float s) => a[i] += s * b[i];

    /// <summary>A thread's 16 chains, four to a register quad.</summary>
    private readonly record struct ChainSet(PackedFloat4 C0, PackedFloat4 C1, PackedFloat4 C2, PackedFloat4 C3);
}
