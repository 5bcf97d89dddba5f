using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Training;

/// <summary>
/// A --data folder walk takes each real MIDI file once, enters a linked folder and does not follow links into a loop.
/// </summary>
public class MidiFilesTests
{
    [Test]
    public void ALinkToAFolderAboveIsNotFollowedAndALinkedFileCountsOnce()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("symbolic links need privileges on Windows");
        string dir = TestData.TempDir(), drummer = Path.Combine(dir, "drummer3");
        Directory.CreateDirectory(drummer);
        File.WriteAllText(Path.Combine(drummer, "a.mid"), "");
        File.WriteAllText(Path.Combine(dir, "b.midi"), "");
        Directory.CreateSymbolicLink(Path.Combine(drummer, "loop"), "..");
        File.CreateSymbolicLink(Path.Combine(drummer, "c.mid"), "a.mid");

        Assert.That(MidiFiles.Collect([dir]),
            Is.EqualTo(new[] { Path.Combine(dir, "b.midi"), Path.Combine(drummer, "a.mid") }));
        Assert.That(MidiFiles.Collect([Path.Combine(drummer, "c.mid"), drummer]),
            Is.EqualTo(new[] { Path.Combine(drummer, "c.mid") }), "the file as given first, then not again");
    }

    // a data folder that links datasets in was searched as if it held no folders: "no MIDI files"
    [Test]
    public void ALinkedFolderIsSearchedOnceAndABrokenOrLoopingLinkIsPassedOver()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("symbolic links need privileges on Windows");
        string dir = TestData.TempDir(), data = Path.Combine(dir, "data"), kit = Path.Combine(dir, "kit");
        Directory.CreateDirectory(Path.Combine(kit, "fills"));
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(kit, "beat.mid"), "");
        File.WriteAllText(Path.Combine(kit, "fills", "fill.MIDI"), "");
        Directory.CreateSymbolicLink(Path.Combine(data, "groove"), kit);
        Directory.CreateSymbolicLink(Path.Combine(data, "again"), Path.Combine(data, "groove"));
        Directory.CreateSymbolicLink(Path.Combine(kit, "fills", "up"), "../..");
        Directory.CreateSymbolicLink(Path.Combine(data, "gone"), Path.Combine(dir, "missing"));
        Directory.CreateSymbolicLink(Path.Combine(data, "self"), Path.Combine(data, "self"));

        var files = MidiFiles.Collect([data]);

        Assert.That(files.Select(RealPaths.Of),
            Is.EquivalentTo(new[] { Path.Combine(kit, "beat.mid"), Path.Combine(kit, "fills", "fill.MIDI") }));
        Assert.That(files, Is.EqualTo(new[]
            { Path.Combine(data, "again", "beat.mid"), Path.Combine(data, "again", "fills", "fill.MIDI") }),
            "the paths as found under --data, through the first link by name");
    }
}
