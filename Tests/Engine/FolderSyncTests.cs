using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Tests.Midi;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// The folder flush that makes an atomic rename survive a power cut: <see cref="AtomicFile.WriteAll"/> flushes each
/// target's folder once, after the renames (the new contents are in place and no temporary is left), and a flush that
/// fails is thrown to the caller; <see cref="FolderSync.Flush"/> itself syncs a real folder and names one it cannot
/// open.
/// </summary>
public class FolderSyncTests
{
    private string _folder = null!;

    [SetUp]
    public void Create() => _folder = TestData.TempDir();

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void EachTargetsFolderIsFlushedOnceAfterTheRenames()
    {
        string inner = Path.Combine(_folder, "inner");
        string first = Path.Combine(_folder, "a.bin"), second = Path.Combine(inner, "b.bin"),
            third = Path.Combine(_folder, "c.bin");
        File.WriteAllBytes(first, [9]);
        var flushed = new List<string>();
        void Observe(string folder)
        {
            flushed.Add(folder);
            Assert.That(File.ReadAllBytes(first), Is.EqualTo(new byte[] { 1 }), "flushed after the rename, not before");
            Assert.That(File.ReadAllBytes(second), Is.EqualTo(new byte[] { 2 }));
            Assert.That(File.ReadAllBytes(third), Is.EqualTo(new byte[] { 3 }));
            Assert.That(Directory.EnumerateFiles(folder, "*.tmp"), Is.Empty,
                $"no temporary left in {folder} when it is flushed");
        }

        AtomicFile.WriteAll([(first, s => s.WriteByte(1)), (second, s => s.WriteByte(2)), (third, s => s.WriteByte(3))],
            Observe);

        Assert.That(flushed, Is.EqualTo(new[] { Path.GetFullPath(_folder), Path.GetFullPath(inner) }));
    }

    [Test]
    public void AFailedFlushIsReportedNotIgnored()
    {
        string path = Path.Combine(_folder, "a.bin");
        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAll([(path, s => s.WriteByte(1))],
            folder => throw new IOException($"{folder}: the folder could not be flushed to disk (errno 5)")));
        Assert.That(error!.Message,
            Is.EqualTo($"cannot write {path}: {Path.GetFullPath(_folder)}: the folder could not be flushed to disk "
                + "(errno 5)"));
        Assert.That(Directory.EnumerateFiles(_folder, "*.tmp"), Is.Empty, "the temporary is gone either way");
    }

    [Test]
    public void FlushSyncsARealFolderAndNamesOneItCannotOpen()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Windows renames are durable without a folder flush");
        Assert.DoesNotThrow(() => FolderSync.Flush(_folder));
        string missing = Path.Combine(_folder, "missing");
        var error = Assert.Throws<IOException>(() => FolderSync.Flush(missing));
        Assert.That(error!.Message, Does.StartWith($"{missing}: the folder cannot be opened"));
    }
}
