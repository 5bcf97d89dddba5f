using System.Text.RegularExpressions;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// On the real Groove and MAESTRO datasets (skipped without them): --meter takes a meter as the commands show one
/// (3/4), and a filter that selects no file says why.
/// </summary>
public class DatasetFilterCommandTests
{
    [Test]
    public void DatasetStatsSaysWhichFilterSelectedNothing()
    {
        string stdout = CliRunner.Succeed("dataset", "stats", "--dataset", "groove", "--data", TestData.GrooveDir(),
            "--meter", "7-8");

        Assert.That(stdout, Does.Contain("files: 0 listed"));
        Assert.That(stdout, Does.Match(@"none selected: no file has meter '7-8'; the files' meters: 4-4 \(\d+\), "));
    }

    [Test]
    public void AMeterWrittenWithASlashSelectsItsFiles()
    {
        string slash = CliRunner.Succeed("dataset", "stats", "--dataset", "groove", "--data", TestData.GrooveDir(),
            "--meter", "3/4", "--split", "train");
        string dash = CliRunner.Succeed("dataset", "stats", "--dataset", "groove", "--data", TestData.GrooveDir(),
            "--meter", "3-4", "--split", "train");

        string Files(string stdout) => Regex.Match(stdout, @"files: (\d+) listed").Groups[1].Value;
        Assert.That(int.Parse(Files(slash)), Is.GreaterThan(0));
        Assert.That(Files(slash), Is.EqualTo(Files(dash)));
    }

    [Test]
    public void TrainingOnAComposerNoPieceHasNamesTheSplitsComposers()
    {
        string data = TestData.MaestroDir(), folder = TestData.TempDir();
        var (exit, _, stderr) = CliRunner.Run("train", "--dataset", "maestro", "--data", data, "--composer", "Chopn",
            "--epochs", "1", "--out", Path.Combine(folder, "run"));
        Directory.Delete(folder, recursive: true);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("holds nothing to train on").And.Match(
            @"no train piece's composer contains 'Chopn'; the train pieces' composers: .*Frédéric Chopin \(\d+\)"));
    }
}
