using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using TcnWtaNative.Kernels.Ilgpu;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The device's peak probe computes what its flop and byte counts say it does (so no compiler can drop the work the
/// clock times), and measures finite, positive peaks on ILGPU's CPU accelerator (the TF32 one emulated there).
/// </summary>
[NonParallelizable]
public sealed class DevicePeakProbeTests
{
    private Context _context = null!;
    private Accelerator _accelerator = null!;
    private PeakProbeKernels _probe = null!;

    [OneTimeSetUp]
    public void Open()
    {
        _context = Context.Create(builder => builder.CPU(new CPUDevice(
            numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 2)));
        _accelerator = _context.CreateCPUAccelerator(0);
        _probe = new PeakProbeKernels(_accelerator);
    }

    [OneTimeTearDown]
    public void Close()
    {
        _accelerator.Dispose();
        _context.Dispose();
    }

    [TestCase(1, 0.9f, 0.1f)]
    [TestCase(5, 0.75f, -0.25f)]
    public void EveryThreadStepsAllItsChainsFourTimesARound(int rounds, float m, float a)
    {
        const int threads = 512;
        using var sums = _accelerator.Allocate1D<float>(threads);
        _probe.RunChains(sums.View, rounds, m, a);
        var actual = sums.GetAsArray1D();
        for (int thread = 0; thread < threads; thread += 37)
            Assert.That(actual[thread], Is.EqualTo(ChainsOnTheHost(thread, 4 * rounds, m, a)).Within(1e-5).Percent,
                $"thread {thread}");
    }

    // each mma adds 8 * a * b = 2 to every accumulator; a lane's four tiles start at 0..3 and take 2 mmas a round
    [TestCase(1)]
    [TestCase(3)]
    public void EveryWarpStepsFourAccumulatorTilesTwiceARound(int rounds)
    {
        using var sums = _accelerator.Allocate1D<float>(256);
        _probe.RunMmaChains(sums.View, rounds, 0.5f, 0.5f);
        float expected = 4 * (0 + 1 + 2 + 3) + 16 * (2f * 2 * rounds);
        Assert.That(sums.GetAsArray1D(), Is.All.EqualTo(expected));
    }

    [Test]
    public void TheAxpyAddsTheScaledSecondBufferToTheFirst()
    {
        float[] a = [1, 2, 3, 4, 5], b = [10, 20, 30, 40, 50];
        using var aBuffer = _accelerator.Allocate1D(a);
        using var bBuffer = _accelerator.Allocate1D(b);
        _probe.RunAxpy(aBuffer.View, bBuffer.View, 0.5f);
        Assert.That(aBuffer.GetAsArray1D(), Is.EqualTo(new float[] { 6, 12, 18, 24, 30 }));
    }

    [Test]
    public void ThePeaksFillEveryMultiprocessorAndAreFiniteAndPositive()
    {
        var peaks = _probe.Measure(runs: 1);
        Assert.Multiple(() =>
        {
            Assert.That(peaks.Threads, Is.EqualTo(_probe.ResidentThreads));
            Assert.That(peaks.Threads,
                Is.GreaterThanOrEqualTo(_accelerator.NumMultiprocessors * _accelerator.MaxNumThreadsPerMultiprocessor));
            Assert.That(double.IsFinite(peaks.FmaGflops) && peaks.FmaGflops > 0, $"FMA {peaks.FmaGflops}");
            Assert.That(peaks.Tf32Gflops is double tf32 && double.IsFinite(tf32) && tf32 > 0,
                $"TF32 {peaks.Tf32Gflops}");
            Assert.That(double.IsFinite(peaks.GigabytesPerSecond) && peaks.GigabytesPerSecond > 0,
                $"bandwidth {peaks.GigabytesPerSecond}");
        });
    }

    [Test]
    public void NoRunsIsAClearError()
        => Assert.That(() => _probe.Measure(runs: 0), Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Message.Contains("needs 1 or more runs"));

    // the kernel's sum for one thread: 16 chains from 1 + chain / 16 + thread * 2^-20, each x <- a + m * x
    private static float ChainsOnTheHost(int thread, int steps, float m, float a)
    {
        float start = 1f + thread * (1f / (1 << 20));
        float total = 0;
        for (int quad = 0; quad < 4; quad++)
        {
            float quadSum = 0;
            for (int lane = 0; lane < 4; lane++)
            {
                float x = start + (4 * quad + lane) / 16f;
                for (int step = 0; step < steps; step++) x = a + m * x;
                quadSum = lane == 0 ? x : quadSum + x;
            }
            total = quad == 0 ? quadSum : total + quadSum;
        }
        return total;
    }
}
