using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;

/// <summary>Shared pieces of the u12 study: splits, cached k-means centroids, per-bar scoring.</summary>
static class Common
{
    public const int Channels = 27, Drums = 9, Steps = 16, Atoms = 1000, Seed = 1;
    public static string DataDir = Environment.GetEnvironmentVariable("U12_DATA") ?? "../shared/datasets/groove";
    public static string OutDir = Environment.GetEnvironmentVariable("U12_OUT") ?? ".";

    public static Bars Load(string split)
        => GrooveRateDistortion.Load(DataDir, split, new EncodingCache(EncodingCache.DefaultDirectory));

    /// <summary>The evaluate command's k-means centroids [1000, 27, K] (seed 1), cached on disk.</summary>
    public static float[] Centroids(IComputeBackend backend, Bars train, int frameLength, ref KMeansBarCoder? kmeans)
    {
        string path = Path.Combine(OutDir, $"kmeans-K{frameLength}.f32");
        if (File.Exists(path)) return ReadFloats(path);
        kmeans ??= new KMeansBarCoder(backend, train.Values, train.Count, Channels, Steps, Atoms, Seed);
        var centroids = kmeans.Centroids(frameLength);
        WriteFloats(path, centroids);
        return centroids;
    }

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Hit F1 at 0.5 of reconstructed bars, counts kept per bar (for the paired bootstrap).</summary>
    public static GrooveHitMetrics Score(Bars bars, float[] reconstruction)
    {
        var metrics = new GrooveHitMetrics();
        int size = Channels * Steps;
        for (int i = 0; i < bars.Count; i++)
            metrics.Add(bars.Values.AsSpan(i * size, size), reconstruction.AsSpan(i * size, size), Steps);
        return metrics;
    }

    public static string Paired(GrooveHitMetrics a, GrooveHitMetrics b, Bars bars)
    {
        var d = PairedF1Bootstrap.Run(a.Hits, b.Hits, bars.FileOfBar);
        return $"{Signed(d.Difference)} [{Signed(d.Low)}, {Signed(d.High)}] ({d.Groups} files)";
    }

    static string Signed(double x) => (x < 0 ? "−" : "+") + Math.Abs(x).ToString("0.0000");

    public static void Log(string line)
    {
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
    }
}
