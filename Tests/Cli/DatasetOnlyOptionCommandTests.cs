using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// An option of one dataset given with another is one line and exit 1 before anything loads, where train and dataset
/// stats once ran and ignored it with exit 0 (--composer Chopin on Groove counted and trained on every drummer).
/// </summary>
public class DatasetOnlyOptionCommandTests
{
    [TestCase("groove", "--composer", "Chopin", "composer (--composer) is read by the maestro dataset only", "maestro")]
    [TestCase("maestro", "--drummer", "drummer1", "drummer (--drummer) is read by the groove dataset only", "groove")]
    [TestCase("synthetic", "--data", "groove", "data (--data) is read by the groove and maestro datasets only",
        "groove")]
    public void TrainRefusesIt(string dataset, string flag, string value, string message, string reader)
    {
        string folder = TestData.TempDir();
        string[] data = dataset == "synthetic" || flag == "--data" ? [] : ["--data", folder];
        var (exit, _, stderr) = CliRunner.Run(["train", "--dataset", dataset, .. data, flag, value, "--epochs", "1",
            "--no-cache", "--out", Path.Combine(folder, "run")]);
        bool ran = File.Exists(Path.Combine(folder, "run", "metrics.csv"));
        Directory.Delete(folder, recursive: true);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo(
            $"error: the command-line flags: {message}, and this run's dataset is {dataset}: drop it, or give "
            + $"--dataset {reader}"));
        Assert.That(ran, Is.False);
    }

    [TestCase("groove", "--composer", "Chopin", "a MAESTRO")]
    [TestCase("groove", "--encoding", "pianoroll", "a MAESTRO")]
    [TestCase("maestro", "--bars", "2", "a Groove")]
    [TestCase("maestro", "--meter", "3-4", "a Groove")]
    public void DatasetStatsRefusesIt(string dataset, string flag, string value, string kind)
    {
        var (exit, stdout, stderr) = CliRunner.Run("dataset", "stats", "--dataset", dataset, "--data", "nowhere", flag,
            value);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.Trim(),
            Is.EqualTo($"error: {flag} does not apply to --dataset {dataset} ({kind} option): drop it"));
    }
}
