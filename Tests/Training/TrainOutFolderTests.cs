using TcnWtaNative.Training;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>`tcnwta train --out`: what a refused or failed run leaves in the run folder.</summary>
[NonParallelizable]
public class TrainOutFolderTests : RunFolderTests
{
    [Test]
    public void ADivergingFreshRunLeavesNoRunFolderAndOneErrorLine()
    {
        var run = Run("fresh");

        var (exit, _, stderr) = CliRunner.Run([.. Diverging, "--out", run.Directory]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(ErrorLines(stderr), Has.Count.EqualTo(1));
        Assert.That(ErrorLines(stderr)[0], Does.StartWith("error: training diverged: "));
        Assert.That(Directory.Exists(run.Directory), Is.False, "no folder that looks like a run");
    }

    [Test]
    public void ADivergingOverwriteLeavesTheOldRunAsItWas()
    {
        var run = Run("old");
        Assert.That(CliRunner.Run([.. TrainingFixtures.QuickTrain, "--epochs", "1", "--out", run.Directory]).Exit,
            Is.EqualTo(0));
        var before = Snapshot(run);

        var (exit, _, stderr) = CliRunner.Run([.. Diverging, "--overwrite", "--out", run.Directory]);

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(Snapshot(run), Is.EqualTo(before), "config.json and metrics.csv are still the old run's");
    }

    // a quick run whose first step diverges
    private static readonly string[] Diverging =
        [.. TrainingFixtures.QuickTrain, "--epochs", "2", "--learning-rate", "1e30"];

    private static List<string> ErrorLines(string stderr)
        => [.. stderr.Trim().Split('\n').Where(line => line.StartsWith("error:"))];

    private static Dictionary<string, byte[]> Snapshot(RunFolder run)
        => Directory.GetFiles(run.Directory).ToDictionary(file => file, File.ReadAllBytes);
}
