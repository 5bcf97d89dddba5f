using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// The commands that write a set of files into a folder (atoms, demo, styles) check every file of the set before the
/// slow work, and write the set in one step.
/// </summary>
[NonParallelizable]
public class OutputSetTests : SyntheticRockFolder
{
    [TestCase("atoms.png")]
    [TestCase("atoms.csv")]
    public void AtomsChecksItsFilesBeforeReadingTheModel(string file)
    {
        string folder = Blocked($"atoms-{file}", file);

        var (exit, _, stderr) = CliRunner.Run("atoms", "--out", folder, "--model", Out("no-model"), "--overwrite");

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {Path.Combine(folder, file)} is a folder; name the file to write")));
        Assert.That(Directory.GetFileSystemEntries(folder), Has.Length.EqualTo(1), "nothing was written");
    }

    [Test]
    public void AtomsRefusesAFileWhereItsMidiFolderGoes()
    {
        string folder = Out("atoms-midi-file"), midi = Path.Combine(folder, "midi");
        Directory.CreateDirectory(folder);
        File.WriteAllText(midi, "mine");

        var (exit, _, stderr) = CliRunner.Run("atoms", "--out", folder, "--model", Out("no-model"), "--overwrite");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(),
            Does.StartWith($"error: cannot write {midi}/").And.EndWith($"{midi} is a file, not a folder"));
        Assert.That(File.ReadAllText(midi), Is.EqualTo("mine"));
    }

    [Test]
    public void AtomsWritesTheWholeSetAndNoTemporaryFile()
    {
        string folder = Out("atoms-set");

        CliRunner.Succeed("atoms", "--out", folder, "--model", TestModels.Synthetic, "--device", "cpu");

        Assert.That(File.Exists(Path.Combine(folder, "atoms.png")) && File.Exists(Path.Combine(folder, "atoms.csv")));
        int atoms = File.ReadAllLines(Path.Combine(folder, "atoms.csv")).Length - 1;
        Assert.That(Directory.GetFiles(Path.Combine(folder, "midi"), "rank*.mid"), Has.Length.EqualTo(atoms));
        Assert.That(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [TestCase("model.safetensors")]
    [TestCase("patterns.mid")]
    public void DemoChecksItsFilesBeforeTraining(string file)
    {
        string folder = Blocked($"demo-{file}", file);

        var (exit, stdout, stderr) = CliRunner.Run("demo", "--epochs", "1", "--samples", "8", "--out", folder,
            "--device", "cpu", "--overwrite");

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {Path.Combine(folder, file)} is a folder; name the file to write")));
        Assert.That(stdout, Does.Not.Contain("epoch"), "no training");
        Assert.That(Directory.GetFileSystemEntries(folder), Has.Length.EqualTo(1), "nothing was written");
    }

    [TestCase("styles-pca.svg")]
    [TestCase("pieces.csv")]
    public void StylesChecksItsFilesBeforeReadingTheData(string file)
    {
        string folder = Blocked($"styles-{file}", file);

        var (exit, stdout, stderr) = CliRunner.Run("styles", "--model", TestModels.Synthetic, "--data", Folder,
            "--label", "style", "--out", folder, "--overwrite");

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {Path.Combine(folder, file)} is a folder; name the file to write")));
        Assert.That(stdout, Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(folder), Has.Length.EqualTo(1), "nothing was written");
    }

    // a folder --out that an earlier run filled, where one of the set's files is now a folder
    private string Blocked(string name, string file)
    {
        string folder = Out(name);
        Directory.CreateDirectory(Path.Combine(folder, file));
        return folder;
    }
}
