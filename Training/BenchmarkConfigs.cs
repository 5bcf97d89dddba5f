using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;

namespace TcnWtaNative.Training;

/// <summary>A canonical benchmark: a model config, a batch shape and a way to fill the input.</summary>
public sealed record BenchmarkConfig(string Name, AutoencoderConfig Model, int Batch, int Length,
    Func<Random, int, int, int, float[]> MakeInput);

/// <summary>The canonical training-step benchmarks of the kernels issue.</summary>
public static class BenchmarkConfigs
{
    /// <summary>
    /// groove: B=4096, C=27, T=16, no TCN, N=100, K=16, top-k 4; ~8% of entries nonzero, uniform in [0,1].
    /// </summary>
    public static readonly BenchmarkConfig Groove = new("groove",
        new AutoencoderConfig { InputChannels = 27, Atoms = 100, FrameLength = 16, Sparsity = SparsityKind.ChannelTopK,
            TopK = 4 },
        Batch: 4096, Length: 16, SparseUniform);

    /// <summary>
    /// maestro: B=1, C=388, T=4096, TCN widths 64,64 with kernel 3, N=1000, K=32, k=100; one-hot per step.
    /// </summary>
    public static readonly BenchmarkConfig Maestro = new("maestro",
        new AutoencoderConfig { InputChannels = 388, Atoms = 1000, FrameLength = 32, TcnWidths = [64, 64],
            TcnKernel = 3, Sparsity = SparsityKind.ChannelTopK, TopK = 100 },
        Batch: 1, Length: 4096, OneHotPerStep);

    public static BenchmarkConfig ByName(string name) => name switch
    {
        "groove" => Groove,
        "maestro" => Maestro,
        _ => throw new ArgumentException($"unknown benchmark config '{name}'; choose groove or maestro"),
    };

    // [B, C, T] with each entry nonzero with probability 0.08, uniform in [0, 1]
    private static float[] SparseUniform(Random random, int batch, int channels, int length)
    {
        var values = new float[batch * channels * length];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < 0.08 ? (float)random.NextDouble() : 0f;
        return values;
    }

    // [B, C, T] with exactly one 1 per (b, t)
    private static float[] OneHotPerStep(Random random, int batch, int channels, int length)
    {
        var values = new float[batch * channels * length];
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < length; t++)
            values[(b * channels + random.Next(channels)) * length + t] = 1f;
        return values;
    }
}
