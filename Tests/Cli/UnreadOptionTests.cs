using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// An option given where the command's path does not read it is one line and exit 1 before anything is written, where
/// each of these once ran, ignored it and exited 0 (a second fuzz pass compared outputs with and without it).
/// </summary>
[NonParallelizable]
public class UnreadOptionTests : SyntheticRockFolder
{
    [TestCase("interpolate --a ROCK --b ROCK --steps 2 --out OUT --columns 2", "--columns",
        "an interpolation without --match, which takes the first code columns of both pieces")]
    [TestCase("denoise --input ROCK --k 1 --out OUT.mid --seed 99", "--seed",
        "a denoise without --add-noise or --drop-hits, which draws no noise")]
    [TestCase("atoms --out OUT --k 3", "--k", "atoms without --data, which codes nothing and sorts the atoms by norm")]
    [TestCase("evaluate --data FOLDER --no-baselines --seed 5", "--seed",
        "a study with --no-baselines and no --add-noise or --drop-hits, which draws nothing at random")]
    [TestCase("classify --dataset groove --data FOLDER --label style --seed 7 --out OUT.json", "--seed",
        "a probe without --folds, whose λ is chosen on the validation split and which deals nothing")]
    public void AnApplicationRefusesIt(string line, string option, string what)
    {
        string output = Out($"unread-{line.Split(' ')[0]}");
        var args = line.Split(' ').Select(arg => arg.Replace("ROCK", Rock).Replace("FOLDER", Folder)
            .Replace("OUT", output));

        var (exit, stdout, stderr) = CliRunner.Run([.. args, "--model", TestModels.Synthetic, "--device", "cpu"]);

        Assert.That((exit, stdout), Is.EqualTo((1, "")));
        Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo($"error: {option} does not apply to {what}: drop it"));
        Assert.That(Directory.GetFileSystemEntries(Folder, "unread-*"), Is.Empty, "nothing written");
    }

    [Test]
    public void BenchOpRefusesTheStepsOptions()
    {
        var (exit, stdout, stderr) = CliRunner.Run("bench", "--op", "threshold-search", "--device", "cpu", "--steps",
            "1", "--warmup", "0", "--length", "64");

        Assert.That((exit, stdout), Is.EqualTo((1, "")));
        Assert.That(stderr.Trim(), Is.EqualTo(
            "error: --length does not apply to --op, which times one op at its own shape in fp32: drop it"));
    }

    [TestCase("train", "--dataset", "synthetic", "--epochs", "1")]
    [TestCase("dataset", "stats", "--dataset", "groove", "--data", "FOLDER")]
    public void CacheAndNoCacheTogetherAreRefused(params string[] command)
    {
        string cache = Out("a-cache"), run = Out("unread-run");
        var (exit, _, stderr) = CliRunner.Run([.. command.Select(arg => arg.Replace("FOLDER", Folder)), "--cache",
            cache, "--no-cache", .. command[0] == "train" ? new[] { "--out", run, "--device", "cpu" } : []]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n')[^1], Is.EqualTo($"error: --cache {cache} names the encoding cache's "
            + "folder and --no-cache keeps no cache: give one of them"));
        Assert.That(Directory.Exists(cache), Is.False);
        Assert.That(File.Exists(Path.Combine(run, "metrics.csv")), Is.False);
    }
}
