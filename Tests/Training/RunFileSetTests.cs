using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// <see cref="RunFileSet"/> replaces a set of files whole: when a rename fails part way, the files already replaced get
/// their old contents back and those that were not there are removed again.
/// </summary>
public class RunFileSetTests
{
    private string _folder = "";

    [SetUp]
    public void Create() => _folder = TrainingFixtures.TempRun();

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ARenameThatFailsPartWayPutsTheFilesAlreadyReplacedBack()
    {
        string kept = Path.Combine(_folder, "metrics.csv"), added = Path.Combine(_folder, "config.json");
        string blocked = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(kept, "the old run's metrics");
        Directory.CreateDirectory(blocked);

        var error = Assert.Throws<IOException>(() => RunFileSet.Replace([AtomicFile.Text(kept, "new metrics"),
            AtomicFile.Text(added, "new config"), AtomicFile.Text(blocked, "new model")]))!;

        Assert.That(error.Message, Does.StartWith($"cannot write {blocked}: "));
        Assert.That(File.ReadAllText(kept), Is.EqualTo("the old run's metrics"));
        Assert.That(File.Exists(added), Is.False, "a file the set added is removed again");
    }

    [Test]
    public void ASetThatIsWrittenReplacesEveryFile()
    {
        string first = Path.Combine(_folder, "metrics.csv"), second = Path.Combine(_folder, "config.json");
        File.WriteAllText(first, "old");

        RunFileSet.Replace([AtomicFile.Text(first, "new metrics"), AtomicFile.Text(second, "new config")]);

        Assert.That((File.ReadAllText(first), File.ReadAllText(second)), Is.EqualTo(("new metrics", "new config")));
    }
}
