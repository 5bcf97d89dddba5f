using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Training.Initialization;

/// <summary>
/// An atom initializer cancelled at each of its stages (k-means++ seeds, k-means rounds, gain- and union-code Lloyd
/// rounds) stops at the end of the step it is in and leaves whole atoms: drawn seeds and the farthest points, the means
/// of the rounds done, or the refits of the rounds done. The token is cancelled from the progress report of that step,
/// so where it stops does not depend on timing.
/// </summary>
public class InitializerCancellationTests
{
    private const int Channels = 27, Steps = 4, FrameSize = Channels * Steps, Count = 40, Atoms = 6;

    // random binary frames [Count, 27, 4]: their squared distances are whole numbers, so ties are exact
    private static float[] Frames()
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, Count * FrameSize).Select(_ => random.Next(2) * 1f)];
    }

    // a progress that records every report and cancels source once stage reaches step done
    private static StageProgress CancelAt(CancellationTokenSource source, string stage, int done,
        List<(string Stage, int Done, int Total)> heard) => (name, step, total) =>
    {
        heard.Add((name, step, total));
        if (name == stage && step == done) source.Cancel();
    };

    [TestCase(1)]
    [TestCase(4)]
    public void SeedingStoppedEarlyFillsTheRestWithTheFarthestPoints(int drawn)
    {
        var points = Frames();
        using var source = new CancellationTokenSource();
        var heard = new List<(string, int, int)>();

        var chosen = KMeans.SpreadOutIndices(points, FrameSize, Atoms, new Random(5),
            CancelAt(source, KMeans.SeedingStage, drawn, heard), source.Token);

        var whole = KMeans.SpreadOutIndices(points, FrameSize, Atoms, new Random(5));
        Assert.That(chosen[..drawn], Is.EqualTo(whole[..drawn]), "the seeds drawn before the stop");
        Assert.That(heard[^1], Is.EqualTo((KMeans.SeedingStage, drawn, Atoms)), "no seed reported past the stop");
        Assert.That(chosen, Is.Unique.And.All.InRange(0, Count - 1));
        double Nearest(int i) => chosen[..drawn].Min(s => Enumerable.Range(0, FrameSize)
            .Sum(j => Math.Pow(points[i * FrameSize + j] - points[s * FrameSize + j], 2)));
        var farthest = Enumerable.Range(0, Count).Where(i => !chosen[..drawn].Contains(i))
            .OrderByDescending(Nearest).ThenBy(i => i).Take(Atoms - drawn);
        Assert.That(chosen[drawn..], Is.EqualTo(farthest), "the rest: the points farthest from the seeds, in order");
    }

    // k-means of points [n, dimension] into Atoms centroids (seed 3), cancelled once stage reaches step done
    private static KMeans StoppedFit(float[] points, int dimension, string stage, int done,
        List<(string Stage, int Done, int Total)> heard)
    {
        using var backend = new CpuBackend();
        using var source = new CancellationTokenSource();
        return KMeans.Fit(backend, points, dimension, Atoms, seed: 3, progress: CancelAt(source, stage, done, heard),
            cancel: source.Token);
    }

    [Test]
    public void KMeansStoppedInSeedingKeepsDataPointsAndRunsNoRound()
    {
        var points = Frames();
        var heard = new List<(string, int, int)>();

        var kmeans = StoppedFit(points, FrameSize, KMeans.SeedingStage, 2, heard);

        Assert.That(heard[^1], Is.EqualTo((KMeans.SeedingStage, 2, Atoms)));
        Assert.That(kmeans.Centroids, Has.Length.EqualTo(Atoms * FrameSize));
        for (int c = 0; c < Atoms; c++)
        {
            var centroid = kmeans.Centroids.AsSpan(c * FrameSize, FrameSize).ToArray();
            Assert.That(Enumerable.Range(0, Count).Any(i => points.AsSpan(i * FrameSize, FrameSize)
                .SequenceEqual(centroid)), $"centroid {c} is a training frame");
        }
    }

    // 300 points uniform in the unit square: k-means with 6 centroids takes many rounds to settle there
    private static float[] Square()
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 600).Select(_ => random.NextSingle())];
    }

    [Test]
    public void KMeansStoppedAfterARoundMatchesAFitOfThatManyRounds()
    {
        var points = Square();
        var heard = new List<(string, int, int)>();

        var stopped = StoppedFit(points, 2, KMeans.RoundsStage, 2, heard);

        using var backend = new CpuBackend();
        var twoRounds = KMeans.Fit(backend, points, 2, Atoms, seed: 3, maxIterations: 2);
        var whole = KMeans.Fit(backend, points, 2, Atoms, seed: 3);
        Assert.That(heard[^1], Is.EqualTo((KMeans.RoundsStage, 2, 30)), "the last report: the round it stopped after");
        Assert.That(stopped.Centroids, Is.EqualTo(twoRounds.Centroids), "the means after two rounds");
        Assert.That(whole.Centroids, Is.Not.EqualTo(twoRounds.Centroids), "the whole fit runs on past two rounds");
        Assert.That(stopped.Centroids.All(float.IsFinite));
    }

    public delegate float[] Refit(IComputeBackend backend, float[] frames, float[] atoms, int iterations,
        StageProgress? progress, CancellationToken cancel);

    private static readonly Refit Gain = (backend, frames, atoms, iterations, progress, cancel)
        => GainLloyd.Refine(backend, frames, atoms, Atoms, Channels, Steps, iterations, progress, cancel);

    private static readonly Refit Union = (backend, frames, atoms, iterations, progress, cancel)
        => UnionLloyd.Refine(backend, frames, atoms, Atoms, Channels, Steps, iterations, progress, cancel);

    private static IEnumerable<TestCaseData> Refits()
    {
        yield return new TestCaseData(Gain, GainLloyd.Stage).SetArgDisplayNames("gain");
        yield return new TestCaseData(Union, UnionLloyd.Stage).SetArgDisplayNames("union");
    }

    [TestCaseSource(nameof(Refits))]
    public void ALloydRefitStoppedAfterARoundMatchesARefitOfThatManyRounds(Refit refit, string stage)
    {
        var frames = Frames();
        var atoms = frames[..(Atoms * FrameSize)];
        using var backend = new CpuBackend();
        using var source = new CancellationTokenSource();
        var heard = new List<(string, int, int)>();

        var stopped = refit(backend, frames, atoms, 5, CancelAt(source, stage, 2, heard), source.Token);

        Assert.That(heard, Is.EqualTo(new[] { (stage, 1, 5), (stage, 2, 5) }), "no round after the stop");
        Assert.That(stopped, Is.EqualTo(refit(backend, frames, atoms, 2, null, default)), "two rounds' atoms");
        Assert.That(stopped, Is.Not.EqualTo(refit(backend, frames, atoms, 5, null, default)),
            "five rounds would have moved them on");
        Assert.That(stopped, Has.Length.EqualTo(Atoms * FrameSize).And.All.Matches<float>(float.IsFinite));
    }

    [TestCaseSource(nameof(Refits))]
    public void ALloydRefitCancelledBeforeItStartsReturnsItsInputAtoms(Refit refit, string stage)
    {
        var frames = Frames();
        var atoms = frames[..(Atoms * FrameSize)];
        using var backend = new CpuBackend();
        using var source = new CancellationTokenSource();
        source.Cancel();
        var heard = new List<(string, int, int)>();

        var stopped = refit(backend, frames, atoms, 5, CancelAt(source, stage, 0, heard), source.Token);

        Assert.That(heard, Is.Empty, $"no {stage} round");
        Assert.That(stopped, Is.EqualTo(atoms).And.Not.SameAs(atoms), "a copy of the k-means atoms");
    }
}
