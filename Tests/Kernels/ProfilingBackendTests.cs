using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// The bench's profiling decorator: results pass through unchanged, and calls, flops and the bytes of memory-bound ops
/// are totalled by op and shape.
/// </summary>
public class ProfilingBackendTests
{
    [Test]
    public void ConvThroughTheProfilerGivesTheSameResultAndCountsItsFlops()
    {
        var g = new ConvGeometry(2, 3, 4, 20, 3, Dilation: 2, PadLeft: 4);
        var x = Enumerable.Range(0, g.InputSize).Select(i => MathF.Sin(i)).ToArray();
        var w = Enumerable.Range(0, g.WeightSize).Select(i => MathF.Cos(i)).ToArray();
        float[] Run(IComputeBackend backend)
        {
            var (input, weight, output) = (backend.Allocate(g.InputSize), backend.Allocate(g.WeightSize),
                backend.Allocate(g.OutputSize));
            backend.Upload(x, input);
            backend.Upload(w, weight);
            backend.Conv1dForward(g, input, weight, null, output);
            backend.Conv1dForward(g, input, weight, null, output);
            var result = new float[g.OutputSize];
            backend.Download(output, result);
            return result;
        }
        using var profiler = new ProfilingBackend(new CpuBackend());
        using var plain = new CpuBackend();
        Assert.That(Run(profiler), Is.EqualTo(Run(plain)));
        var timing = profiler.Timings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(timing.Op, Is.EqualTo(nameof(IComputeBackend.Conv1dForward)));
            Assert.That(timing.Shape, Does.Contain("[2,3,20]->[2,4,20]").And.Contain("d2"));
            Assert.That(timing.Calls, Is.EqualTo(2));
            Assert.That(timing.Flops, Is.EqualTo(2 * 2.0 * 2 * 4 * 20 * 3 * 3));   // 2 calls x 2 flops x
                                                                                   // B*Cout*Tout*Cin*Kw
            Assert.That(timing.Milliseconds, Is.GreaterThan(0));
        });
    }

    [Test]
    public void MatchingPursuitPassesThroughAndIsTimedByShape()
    {
        using var profiler = new ProfilingBackend(new CpuBackend());
        var (c, g, code) = (profiler.Allocate(2 * 3 * 2), profiler.Allocate(9), profiler.Allocate(2 * 3 * 2));
        profiler.Upload([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0], c);
        profiler.Upload([1, 0, 0, 0, 1, 0, 0, 0, 1], g);
        profiler.MatchingPursuit(2, 3, 2, 1, 1, c, g, code);
        var result = new float[12];
        profiler.Download(code, result);
        Assert.That(result, Is.EqualTo(new float[] { 1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0 }));
        Assert.That(profiler.Timings.Single().Op, Is.EqualTo(nameof(IComputeBackend.MatchingPursuit)));
        Assert.That(profiler.Timings.Single().Shape, Is.EqualTo("[2,3,2] 1 frames, 1 non-zeros"));
    }

    [Test]
    public void ResetForgetsTheTotalsAndOpsAreGroupedByShape()
    {
        using var profiler = new ProfilingBackend(new CpuBackend());
        var (small, large, output) = (profiler.Allocate(8), profiler.Allocate(32), profiler.Allocate(32));
        profiler.ReluForward(small, small);
        profiler.Reset();
        Assert.That(profiler.Timings, Is.Empty);
        profiler.Gemm(false, false, 2, 4, 1, 1f, small.Slice(0, 2), small.Slice(0, 4), 0f, output.Slice(0, 8));
        profiler.Gemm(false, false, 4, 8, 1, 1f, large.Slice(0, 4), large.Slice(0, 8), 0f, output);
        Assert.That(profiler.Timings.Select(t => (t.Shape, t.Calls, t.Flops)),
            Is.EquivalentTo(new[] { ("2x4x1", 1, 16.0), ("4x8x1", 1, 64.0) }));
    }

    [Test]
    public void MemoryBoundOpsCountTheFloatsTheyReadAndWrite()
    {
        const int n = 1000;
        using var profiler = new ProfilingBackend(new CpuBackend());
        var (p, g, m, v) = (profiler.Allocate(n), profiler.Allocate(n), profiler.Allocate(n), profiler.Allocate(n));
        profiler.Fill(g, 0.5f);
        profiler.Fill(p, 1f);
        profiler.AdamStep(new AdamSettings(LearningRate: 1e-3f), 1, p, g, m, v);
        profiler.ReluBackward(p, g, m, accumulate: false);
        profiler.Copy(p, v);
        profiler.Gemm(false, false, 10, 10, 10, 1f, p.Slice(0, 100), g.Slice(0, 100), 0f, m.Slice(0, 100));

        var bytes = profiler.Timings.ToDictionary(timing => timing.Op, timing => timing.Bytes);
        Assert.Multiple(() =>
        {
            Assert.That(bytes[nameof(IComputeBackend.Fill)], Is.EqualTo(2 * 4.0 * n), "two calls, each writing");
            Assert.That(bytes[nameof(IComputeBackend.AdamStep)], Is.EqualTo(7 * 4.0 * n), "p, m, v both ways; g read");
            Assert.That(bytes[nameof(IComputeBackend.ReluBackward)], Is.EqualTo(3 * 4.0 * n), "y, dy read; dx written");
            Assert.That(bytes[nameof(IComputeBackend.Copy)], Is.EqualTo(2 * 4.0 * n));
            Assert.That(bytes[nameof(IComputeBackend.Gemm)], Is.Zero);   // counted in flops instead
        });
        var adam = profiler.Timings.Single(timing => timing.Op == nameof(IComputeBackend.AdamStep));
        Assert.That(adam.GigabytesPerSecond, Is.EqualTo(adam.Bytes / (adam.Milliseconds * 1e6)).Within(1e-9));
        profiler.ReluBackward(p, g, m, accumulate: true);
        Assert.That(profiler.Timings.Single(timing => timing.Op == nameof(IComputeBackend.ReluBackward)).Bytes,
            Is.EqualTo((3 + 4) * 4.0 * n), "accumulating also reads dx");
    }
}
