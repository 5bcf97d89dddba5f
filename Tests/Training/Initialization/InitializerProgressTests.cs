using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Tests.TrainingTests;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Analysis;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Initialization;
using static TcnWtaNative.Tests.TrainingTests.TrainingFixtures;

namespace TcnWtaNative.Tests.Training.Initialization;

/// <summary>
/// The atom initializer's progress: every stage's steps arrive in order, the stages one after another, and the last
/// report is the whole initializer done; a Lloyd refit reports each round; `train` with output redirected prints a
/// line as each stage ends.
/// </summary>
public class InitializerProgressTests : RunFolderTests
{
    private const int Channels = 27, Steps = 4, FrameSize = Channels * Steps;

    [TestCase(AtomInitialization.Kmeans, new[] { KMeans.SeedingStage, KMeans.RoundsStage })]
    [TestCase(AtomInitialization.Frames, new[] { KMeans.SeedingStage })]
    public void TheTrainerReportsEachStageInOrderAndEndsAtTheTotal(AtomInitialization initialization,
        string[] stages)
    {
        using var backend = new CpuBackend();
        var options = Small with { InitAtoms = initialization };
        var reports = new List<InitializationReport>();

        using (new Trainer(options, TrainingDataLoader.Load(options, cache: null), backend, Run("fit"),
                   initializing: reports.Add)) { }

        Assert.That(reports.Select(report => report.Name).Distinct(), Is.EqualTo(stages));
        Assert.That(reports.Select(report => (report.Stage, report.Stages)).Distinct(),
            Is.EqualTo(stages.Select((_, s) => (s + 1, stages.Length))), "stage s of S, each in turn");
        Assert.That(reports.Select(report => report.Fraction), Is.Ordered, "never backwards");
        foreach (var stage in reports.GroupBy(report => report.Stage))
        {
            var done = stage.Select(report => report.Done).ToList();
            Assert.That(done, Is.Ordered.And.All.InRange(1, stage.First().Total), $"stage {stage.Key} counts up");
            Assert.That(done[^1], Is.EqualTo(stage.First().Total), $"stage {stage.Key} ends at its total");
        }
        Assert.That(reports.First(report => report.Name == KMeans.SeedingStage).Total, Is.EqualTo(options.Atoms),
            "a step per seed");
        Assert.That(reports[^1].Fraction, Is.EqualTo(1), "the last report is the whole initializer");
    }

    [Test]
    public void ALloydRefitReportsEachRound()
    {
        var random = new Random(3);
        var frames = Enumerable.Range(0, 20 * FrameSize).Select(_ => random.Next(2) * 1f).ToArray();
        var atoms = frames[..(4 * FrameSize)];
        using var backend = new CpuBackend();
        var gain = new List<(string, int, int)>();
        var union = new List<(string, int, int)>();

        GainLloyd.Refine(backend, frames, atoms, 4, Channels, Steps, iterations: 3,
            (stage, done, total) => gain.Add((stage, done, total)));
        UnionLloyd.Refine(backend, frames, atoms, 4, Channels, Steps, iterations: 3,
            (stage, done, total) => union.Add((stage, done, total)));

        Assert.That(gain, Is.EqualTo(new[] { 1, 2, 3 }.Select(round => (GainLloyd.Stage, round, 3))));
        Assert.That(union, Is.EqualTo(new[] { 1, 2, 3 }.Select(round => (UnionLloyd.Stage, round, 3))));
    }

    [Test]
    public void StagesAreNumberedInTheOrderTheyStart()
    {
        var reports = new List<InitializationReport>();
        var stages = new InitializerStages(3, reports.Add);

        foreach (var (name, done, total) in new[] { ("a", 1, 2), ("a", 2, 2), ("b", 1, 1), ("c", 4, 4) })
            stages.Report(name, done, total);

        Assert.That(reports.Select(report => report.Stage), Is.EqualTo(new[] { 1, 1, 2, 3 }));
        Assert.That(reports.Select(report => report.Fraction), Is.EqualTo(new[] { 1 / 6.0, 1 / 3.0, 2 / 3.0, 1 }));
    }

    [Test]
    public void RedirectedTrainOutputHasALinePerStageEnd()
    {
        string stdout = CliRunner.Succeed([.. QuickTrain, "--init-atoms", "kmeans", "--epochs", "0", "--out",
            Run("cli").Directory]);

        var lines = stdout.Split('\n').Where(line => line.StartsWith("atoms by kmeans: ")).ToList();
        Assert.That(lines, Has.Some.Match(@"k-means\+\+ seeds (\d+)/\1 \(stage 1 of 2\)"));
        Assert.That(lines[^1], Does.Contain("k-means rounds 30/30 (stage 2 of 2)"));
    }
}
