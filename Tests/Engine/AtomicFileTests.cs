using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Tests.Midi;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// <see cref="AtomicFile"/> writes a file whole or not at all, and through a symbolic link to the file it names, as a
/// plain write would, instead of replacing the link with a file.
/// </summary>
public class AtomicFileTests
{
    private string _folder = null!;

    [SetUp]
    public void Create() => _folder = TestData.TempDir();

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AWriteThroughALinkChainReplacesTheFileItNamesAndKeepsTheLinks()
    {
        string target = Path.Combine(_folder, "runs", "model.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, [1, 2, 3]);
        string first = Path.Combine(_folder, "latest.bin"), second = Path.Combine(_folder, "current.bin");
        File.CreateSymbolicLink(second, target);
        File.CreateSymbolicLink(first, second);

        AtomicFile.Write(first, stream => stream.Write([7, 8]));

        Assert.That(File.ReadAllBytes(target), Is.EqualTo(new byte[] { 7, 8 }));
        Assert.That(new FileInfo(first).LinkTarget, Is.EqualTo(second), "the link stays a link");
        Assert.That(new FileInfo(second).LinkTarget, Is.EqualTo(target));
        Assert.That(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    // a failed command left the folders it had made for its outputs behind, empty
    [Test]
    public void AFailedWriteRemovesTheFoldersItMadeAndKeepsTheOnesThatWere()
    {
        string kept = Path.Combine(_folder, "kept"), made = Path.Combine(kept, "new", "deeper");
        Directory.CreateDirectory(kept);
        File.WriteAllText(Path.Combine(kept, "old.txt"), "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteAll([
            AtomicFile.Text(Path.Combine(made, "a.mid"), "a"),
            (Path.Combine(made, "b.wav"), _ => throw new InvalidOperationException("the audio is too long")),
        ]));

        Assert.That(Directory.Exists(Path.Combine(kept, "new")), Is.False);
        Assert.That(Directory.GetFileSystemEntries(kept), Is.EqualTo(new[] { Path.Combine(kept, "old.txt") }));
        AtomicFile.WriteAll([AtomicFile.Text(Path.Combine(made, "a.mid"), "a")]);
        Assert.That(File.ReadAllText(Path.Combine(made, "a.mid")), Is.EqualTo("a"), "a write that succeeds keeps them");
    }

    // a failure names the file asked for, never the hidden temporary, whose name means nothing to the user
    [Test]
    public void AFailedWriteNamesThePathGivenAndLeavesTheOldFile()
    {
        string path = Path.Combine(_folder, "take.mid");
        File.WriteAllBytes(path, [1, 2, 3]);

        var full = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
            throw new IOException($"No space left on device : '{((FileStream)stream).Name}'")))!;
        var unplaceable = Assert.Throws<IOException>(() => AtomicFile.Write("/proc/take.mid", _ => { }))!;

        Assert.That(full.Message, Is.EqualTo($"cannot write {path}: No space left on device : '{path}'"));
        Assert.That(unplaceable.Message, Does.StartWith("cannot write /proc/take.mid: ").And.Not.Contain(".tmp"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }), "the old file stays");
        Assert.That(Directory.GetFiles(_folder, "*.tmp"), Is.Empty);
    }

    [Test]
    public void AWriteThroughALinkToNoFileCreatesTheFileItNames()
    {
        string target = Path.Combine(_folder, "new.bin"), link = Path.Combine(_folder, "link.bin");
        File.CreateSymbolicLink(link, target);

        AtomicFile.Write(link, stream => stream.WriteByte(5));

        Assert.That(File.ReadAllBytes(target), Is.EqualTo(new byte[] { 5 }));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(target));
    }

    [Test]
    public void AFailedWriteLeavesTheOldFileAndNoTemporary()
    {
        string path = Path.Combine(_folder, "a.bin");
        File.WriteAllBytes(path, [1]);

        Assert.That(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(2);
            throw new IOException("disk full");
        }), Throws.InstanceOf<IOException>().With.Message.EqualTo($"cannot write {path}: disk full"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1 }));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }
}
