using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

/// <summary>Every kind of bad file gives one clear MidiFormatException naming the file and the problem.</summary>
public class MidiBadInputTests
{
    private static readonly byte[] Good = File(0, 480,
        Track(Tempo(0, 500_000), Event(0, 0x99, 36, 100), Event(60, 0x89, 36, 0), EndOfTrack(60)));

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("empty file", [], "empty file (0 bytes)");
        yield return Case("wrong magic", "RIFF\0\0\0\0RMIDdata"u8.ToArray(),
            "not a MIDI file: it starts with \"RIFF\", not \"MThd\"");
        yield return Case("binary junk", [0x00, 0xFF, 0x13],
            "not a MIDI file: it starts with 0x00 0xFF 0x13, not \"MThd\"");
        yield return Case("truncated header", Good[..10], "truncated header: 10 bytes");
        yield return Case("truncated track", Good[..30],
            "truncated file or bad chunk length: track 1 at byte 14 declares");
        yield return Case("truncated before the track", Good[..14],
            "truncated: the header declares 1 tracks but the file ends after 0");
        yield return Case("short header length", [.. "MThd"u8, 0, 0, 0, 5, .. Good[8..]],
            "bad header chunk length 5 (a MIDI header holds at least 6 bytes)");
        yield return Case("header longer than the file", [.. "MThd"u8, 0, 0, 0x10, 0, .. Good[8..]],
            "truncated header: it declares 4096 bytes but only");
        yield return Case("huge chunk length",
            [.. Header(0, 1, 480), .. Chunk("MTrk", Track(EndOfTrack()), declaredLength: 0xFFFF_FFF0)],
            "truncated file or bad chunk length: track 1 at byte 14 declares 4294967280 bytes but only 4 remain");
        yield return Case("short chunk length",
            [.. Header(0, 1, 480), .. Chunk("MTrk", Track(Event(0, 0x90, 60, 90), EndOfTrack()), declaredLength: 2)],
            "track 1: message at byte 23 is cut off by the end of the track");
        yield return Case("garbage where a track should be", [.. Header(0, 1, 480), 0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0],
            "expected track 1 (an \"MTrk\" chunk) at byte 14, found 0x01 0x02 0x03 0x04");
        yield return Case("SMPTE division", File(0, 0xE728, Track(EndOfTrack())),
            "SMPTE time division (25 fps) is not supported");
        yield return Case("format 2", File(2, 480, Track(EndOfTrack()), Track(EndOfTrack())),
            "MIDI format 2 (independent sequences) is not supported");
        yield return Case("format 0 with two tracks", File(0, 480, Track(EndOfTrack()), Track(EndOfTrack())),
            "format 0 must have exactly one track");
        yield return Case("zero division", File(0, 0, Track(EndOfTrack())), "ticks per quarter note is 0");
        yield return Case("absurd fast tempo", File(0, 480, Track(Tempo(0, 10), EndOfTrack())),
            "absurd tempo at byte 23: 10 microseconds per quarter note (6000000 bpm");
        // "59999 microseconds (1000 bpm; at most 1000 bpm is accepted)" contradicted itself
        yield return Case("tempo just past the limit", File(0, 480, Track(Tempo(0, 59_999), EndOfTrack())),
            "absurd tempo at byte 23: 59999 microseconds per quarter note (1000.02 bpm; at most 1000 bpm is accepted)");
        yield return Case("zero tempo", File(0, 480, Track(Tempo(0, 0), EndOfTrack())),
            "absurd tempo at byte 23: 0 microseconds per quarter note (infinite bpm");
        yield return Case("huge meta length",
            File(0, 480, Track(Event(0, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F), EndOfTrack())),
            "track 1: meta event at byte 23 declares 268435455 bytes but only 4 remain in the track");
        yield return Case("huge sysex length",
            File(0, 480, Track(Event(0, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0x00), EndOfTrack())),
            "track 1: system exclusive message at byte 23 declares 268435455 bytes");
        yield return Case("overlong variable length",
            File(0, 480, Track(Event(0, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), EndOfTrack())),
            "track 1: meta event length at byte 25 is longer than 4 bytes");
        yield return Case("huge track count", [.. Header(1, 65535, 480), .. Chunk("MTrk", Track(EndOfTrack()))],
            "truncated: the header declares 65535 tracks but the file ends after 1");
        yield return Case("hours of silence", File(0, 1, Track(Event(0x0FFF_FFFF, 0x90, 60, 90), EndOfTrack())),
            "songs longer than 4 hours are refused");
        yield return Case("running status without status", File(0, 480, Track(Event(0, 60, 90), EndOfTrack())),
            "track 1: data byte 0x3C at byte 23 has no status byte before it (running status)");
        yield return Case("data byte with high bit", File(0, 480, Track(Event(0, 0x90, 0x90, 90), EndOfTrack())),
            "has data byte 0x90 with the high bit set");
        yield return Case("system real-time byte", File(0, 480, Track(Event(0, 0xF8), EndOfTrack())),
            "unexpected status byte 0xF8 at byte 23");
        yield return Case("bad time signature", File(0, 480, Track(Meter(0, 4, 9), EndOfTrack())),
            "bad time signature at byte 23: 4/2^9");
    }

    private static TestCaseData Case(string name, byte[] bytes, string problem)
        => new TestCaseData(bytes, problem).SetName("Rejects " + name);

    [TestCaseSource(nameof(Cases))]
    public void Rejects(byte[] bytes, string problem)
    {
        const string name = "/data/bad file.mid";
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<MidiFormatException>(() => MidiReader.Parse(bytes, name))!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertClear(error, name);
        Assert.That(error.Problem, Does.Contain(problem));
        Assert.That(allocated, Is.LessThan(256 * 1024),
            "the reader allocates what the bytes justify, not what they declare");
    }

    [Test]
    public void FilesWithNoNotesAreAClearErrorForEveryEncoder()
    {
        var song = MidiReader.Parse(File(0, 480, Track(Tempo(0, 500_000), EndOfTrack(480))), "quiet.mid");
        Assert.That(song.Notes, Is.Empty, "a valid file without notes reads fine (midi inspect shows 0 notes)");
        AssertClear(Assert.Throws<MidiFormatException>(() => GrooveEncoder.Encode(song))!, "quiet.mid");
        AssertClear(Assert.Throws<MidiFormatException>(() => PerformanceNotes.FromSong(song))!, "quiet.mid");
    }

    [Test]
    public void UnreadableFilesNameTheFile()
    {
        string dir = TestData.TempDir();
        try
        {
            string missing = Path.Combine(dir, "missing.mid");
            AssertClear(Assert.Throws<MidiFormatException>(() => MidiReader.Read(missing))!, missing);
            Assert.That(Assert.Throws<MidiFormatException>(() => MidiReader.Read(missing))!.Problem,
                Is.EqualTo("file not found"));
            Assert.That(Assert.Throws<MidiFormatException>(() => MidiReader.Read(dir))!.Problem,
                Is.EqualTo("is a folder, not a MIDI file"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void LinksThatLeadToNoFileNameTheirTarget()
    {
        string dir = TestData.TempDir();
        try
        {
            string dangling = Path.Combine(dir, "dangling.mid"), loop = Path.Combine(dir, "loop.mid");
            System.IO.File.CreateSymbolicLink(dangling, Path.Combine(dir, "gone.mid"));
            System.IO.File.CreateSymbolicLink(loop, loop);

            var error = Assert.Throws<MidiFormatException>(() => MidiReader.Read(dangling))!;
            AssertClear(error, dangling);
            string gone = Path.Combine(dir, "gone.mid");
            Assert.That(error.Problem,
                Is.EqualTo($"file not found: a symbolic link to {gone}, which leads to no file"));
            Assert.That(Assert.Throws<MidiFormatException>(() => MidiReader.Read(loop))!.Problem,
                Is.EqualTo($"file not found: a symbolic link to {loop}, which leads to no file"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void FilesOverTheLimitAreRefusedWhateverLengthTheyClaim()
    {
        string dir = TestData.TempDir();
        try
        {
            string large = Path.Combine(dir, "large.mid");
            using (var sparse = System.IO.File.Create(large)) sparse.SetLength(MidiLimits.MaxFileBytes + (1 << 20));
            Assert.That(Assert.Throws<MidiFormatException>(() => MidiReader.Read(large))!.Problem,
                Is.EqualTo("file is 65 MB; MIDI files over 64 MB are not read"));
        }
        finally { Directory.Delete(dir, true); }
        if (!System.IO.File.Exists("/dev/zero")) Assert.Ignore("no /dev/zero here: a file of length 0 that never ends");
        var endless = Assert.Throws<MidiFormatException>(() => MidiReader.Read("/dev/zero"))!;
        AssertClear(endless, "/dev/zero");
        Assert.That(endless.Problem, Is.EqualTo("it gives more than 64 MB; MIDI files over 64 MB are not read"));
    }

    /// <summary>One line, "FILE: problem", with no exception type names or stack frames in it.</summary>
    internal static void AssertClear(MidiFormatException error, string file)
    {
        Assert.That(error.Message, Does.StartWith(file + ": "));
        Assert.That(error.Message, Does.Not.Contain("\n").And.Not.Contain("Exception").And.Not.Contain("   at "));
        Assert.That(error.InnerException, Is.Null);
        Assert.That(error.Problem, Is.Not.Empty);
    }
}
