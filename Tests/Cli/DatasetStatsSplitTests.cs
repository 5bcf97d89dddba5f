using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `dataset stats --split` refuses a split no dataset index names, in train's words, before it reads the data: a typo
/// once printed empty tables and exited 0.
/// </summary>
public class DatasetStatsSplitTests
{
    [TestCase("groove", "val")]
    [TestCase("maestro", "trian")]
    public void AnUnknownSplitIsRefused(string dataset, string split)
    {
        string folder = TestData.TempDir();
        var (exit, _, stderr) = CliRunner.Run("dataset", "stats", "--dataset", dataset, "--data", folder, "--split",
            split);
        Directory.Delete(folder, recursive: true);

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: split must be train, validation or test, got '{split}'")));
    }
}
