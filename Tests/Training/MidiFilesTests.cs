using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Training;

/// <summary>
/// A --data folder walk takes each real MIDI file once and does not follow a linked folder into a loop.
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
}
