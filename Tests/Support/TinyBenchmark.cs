using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// A benchmark config small enough to train on ILGPU's CPU accelerator in a test, and made-up host peaks to measure it
/// against (the real ones take seconds to measure and are not what these tests check).
/// </summary>
internal static class TinyBenchmark
{
    /// <summary>5 channels, 6 atoms of 4 steps, top-2 per channel, batch 3 of <paramref name="length"/> steps,
    /// uniform random input; a TCN of <paramref name="tcnWidths"/> in front.</summary>
    public static BenchmarkConfig Config(int length, params int[] tcnWidths) => new("tiny",
        new AutoencoderConfig { InputChannels = 5, Atoms = 6, FrameLength = 4, Sparsity = SparsityKind.ChannelTopK,
            TopK = 2, TcnWidths = tcnWidths },
        Batch: 3, Length: length, (random, batch, channels, steps) =>
            Enumerable.Range(0, batch * channels * steps).Select(_ => random.NextSingle()).ToArray());

    /// <summary>A host FMA peak of 200 GFLOP/s (the faster of its two widths).</summary>
    public static readonly FmaPeak HostPeak = new(Threads: 2, Vector256Gflops: 100, Vector512Gflops: 200,
        GflopsPerCpuSecond: 100);

    /// <summary>A host memory bandwidth of 50 GB/s.</summary>
    public static readonly MemoryBandwidth HostBandwidth = new(Threads: 2, GigabytesPerSecond: 50);
}
