using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Denoising;

namespace TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Denoising;

/// <summary>
/// k-means fit on noisy training segments, each centroid decoding to the mean of the clean segments it took: the
/// denoising study's peer of a model trained on noisy bars.
/// </summary>
public class DenoisingKMeansCoderTests
{
    private const int Steps = 16, Size = 27 * Steps;

    // every bar the same: the kick (hit row 0, velocity row 9) on steps 0 and 8 at 0.8, the snare (rows 1 and 10) on
    // 4 and 12 at 0.6
    private static float[] Pattern()
    {
        var bar = new float[Size];
        foreach (int step in new[] { 0, 8 }) (bar[step], bar[9 * Steps + step]) = (1, 0.8f);
        foreach (int step in new[] { 4, 12 }) (bar[Steps + step], bar[10 * Steps + step]) = (1, 0.6f);
        return bar;
    }

    private static Bars Repeated(string split, int count)
        => Bars.Stack(split, [.. Enumerable.Repeat(0, count).Select(_ => Pattern())], 27, Steps);

    [TestCase(1)]
    [TestCase(4)]
    public void EveryNoisyCentroidDecodesToTheCleanMeanOfItsSegments(int nonzerosPerBar)
    {
        using var backend = new CpuBackend();
        var coder = new DenoisingKMeansCoder(backend, Repeated("train", 60), new HitNoise(1), atoms: 6, seed: 3);
        var noisy = NoisyBars.Of(Repeated("test", 10), new HitNoise(1), seed: 11);
        Assert.That(noisy.Values, Is.Not.EqualTo(Repeated("test", 10).Values), "the test bars are noisy");

        var decoded = coder.Reconstruct(noisy.Values, 10, nonzerosPerBar);

        // whatever noisy segment a centroid gathered, the clean segments behind it were the pattern's
        for (int bar = 0; bar < 10; bar++)
            Assert.That(decoded.AsSpan(bar * Size, Size).ToArray(), Is.EqualTo(Pattern()).Within(1e-6f), $"bar {bar}");
        Assert.That(coder.Method, Is.EqualTo("kmeans-denoise"));
        Assert.That(coder.BudgetMeaning(nonzerosPerBar), Does.Contain($"per {Steps / nonzerosPerBar}-step segment"));
    }

    [Test]
    public void ItSpendsOneCentroidPerSegmentOfWholeSteps()
    {
        using var backend = new CpuBackend();
        var coder = new DenoisingKMeansCoder(backend, Repeated("train", 8), new HitNoise(1), atoms: 6, seed: 3);
        Assert.That(new[] { 1, 2, 4, 8, 16 }.Select(coder.Supports), Is.All.True);
        Assert.That(coder.Supports(3), Is.False, "16 steps do not split into 3 segments");
        Assert.That(coder.Supports(0), Is.False);
        Assert.That(() => coder.Reconstruct(new float[Size], 1, 3), Throws.ArgumentException);
    }
}
