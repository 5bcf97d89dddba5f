using NAudio.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Midi;

public class MidiWriterTests
{
    [Test]
    public void WrittenFilesReadBackIdenticallyHereAndInNAudio()
    {
        var tempo = new TempoMap(480, [new TempoChange(0, 600_000), new TempoChange(1920, 400_000)]);
        var notes = new[]
        {
            new MidiNote(9, 36, 100, 0, 60), new MidiNote(9, 42, 64, 0, 60),
            new MidiNote(0, 60, 90, 480, 960), new MidiNote(0, 60, 91, 960, 1500),   // re-struck at the same tick
        };
        var song = new MidiSong("gen", 1, 2, tempo, [new TimeSignature(0, 3, 4), new TimeSignature(1440, 6, 8)], notes,
            [new SustainEvent(400, 0, 127), new SustainEvent(1600, 0, 0)], 2000);

        var bytes = MidiWriter.ToBytes(song);
        var back = MidiReader.Parse(bytes, "back.mid");

        Assert.That(back.Format, Is.EqualTo(1));
        Assert.That(back.Notes, Is.EqualTo(song.Notes));
        Assert.That(back.Sustain, Is.EqualTo(song.Sustain));
        Assert.That(back.Tempo.Changes, Is.EqualTo(tempo.Changes));
        Assert.That(back.TimeSignatures, Is.EqualTo(song.TimeSignatures));
        Assert.That(back.EndTick, Is.EqualTo(2000));

        var naudio = new MidiFile(new MemoryStream(bytes), true);
        Assert.That(naudio.Events.SelectMany(t => t).OfType<NoteOnEvent>().Count(e => e.Velocity > 0),
            Is.EqualTo(notes.Length));
    }

    [Test]
    public void GeneratedSongsWriteTheBytesNAudioWrites()
    {
        var tempo = new TempoMap(480, [new TempoChange(0, 600_000), new TempoChange(1920, 400_000)]);
        var random = new Random(2);
        MidiNote[] notes = [.. Enumerable.Range(0, 400).Select(i =>
        {
            long start = random.Next(3000);
            int channel = random.Next(2) * 9, pitch = 30 + random.Next(60), velocity = 1 + random.Next(127);
            return new MidiNote(channel, pitch, velocity, start, start + random.Next(400));
        })];
        SustainEvent[] pedal = [.. Enumerable.Range(0, 30).Select(i => new SustainEvent(i * 100, 0, i % 2 * 127))];
        TimeSignature[] meters = [new(0, 3, 4), new(1440, 6, 8), new(1440, 4, 4)];
        MidiSong[] songs =
        [
            new("gen", 1, 2, tempo, meters, notes, pedal, 4000),
            new("ends early", 1, 2, tempo, [new(5000, 5, 4)], notes, pedal, 0),   // the end lies before the last events
            new("no notes", 1, 2, tempo, [TimeSignature.Default], [], [], 100),
            new("pedal only", 1, 2, tempo, [], [], pedal, 0),
        ];
        foreach (var song in songs)
            Assert.That(MidiWriter.ToBytes(song), Is.EqualTo(NAudioExport.ToBytes(song)), song.Name);
    }

    [Test]
    public void DatasetFilesWriteTheBytesNAudioWrites()
    {
        string[] files = [.. TestData.MaestroFiles(3), .. TestData.GrooveFiles(5)];
        foreach (string file in files)
        {
            var song = MidiReader.Read(file);
            Assert.That(MidiWriter.ToBytes(song), Is.EqualTo(NAudioExport.ToBytes(song)), file);
        }
    }

    [Test]
    public void WriteReplacesTheFileAtomically()
    {
        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, "out.mid");
            var song = new MidiSong("gen", 1, 2, new TempoMap(480, []), [], [new MidiNote(0, 60, 90, 0, 480)], [], 480);
            MidiOutput.Write(song, path);
            MidiOutput.Write(song, path);
            Assert.That(MidiReader.Read(path).Notes, Has.Count.EqualTo(1));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void ANullSongIsAnArgumentNullException()
        => Assert.That(() => MidiWriter.ToBytes(null!), Throws.ArgumentNullException);

    [Test]
    public void ANoteOfVelocityZeroIsRefusedNotWrittenAsANoteOff()
        => Assert.That(() => MidiWriter.ToBytes(new MidiSong("gen", 1, 2, new TempoMap(480, []), [],
                [new MidiNote(9, 36, 0, 0, 480)], [], 480)),
            Throws.ArgumentException.With.Message.Contains("has velocity 0; a velocity must be 1 to 127"));

    // 2^24 was written as 0 in the 24-bit field and 59999 as a tempo the reader refuses
    [TestCase(1 << 24)]
    [TestCase(59_999)]
    public void ATempoTheFileCannotHoldIsRefused(int microseconds)
        => Assert.That(() => MidiWriter.ToBytes(new MidiSong("gen", 1, 2,
                new TempoMap(480, [new TempoChange(0, 500_000), new TempoChange(960, microseconds)]), [],
                [new MidiNote(9, 36, 100, 0, 480)], [], 480)),
            Throws.ArgumentException.With.Message.EqualTo(
                $"a tempo at tick 960 is {microseconds} microseconds per quarter note; it must be 60000 to 16777215, "
                + "a tempo in [3.58, 1000] bpm (Parameter 'song')"));

    [TestCase(60_000)]
    [TestCase(0xFFFFFF)]
    public void TheTemposAtTheLimitsReadBack(int microseconds)
    {
        var tempo = new TempoMap(480, [new TempoChange(0, microseconds)]);
        var song = new MidiSong("gen", 1, 2, tempo, [], [new MidiNote(9, 36, 100, 0, 480)], [], 480);

        Assert.That(MidiReader.Parse(MidiWriter.ToBytes(song), "back.mid").Tempo.Changes, Is.EqualTo(tempo.Changes));
    }

    [Test]
    public void EventsTooFarApartForADeltaTimeAreOneSentenceNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tcnwta-far-{Guid.NewGuid():N}.mid");

        var error = Assert.Throws<ArgumentException>(() => MidiOutput.Write(FarApart(), path))!;
        Assert.That(error.Message,
            Is.EqualTo(
                $"{path}: two events lie 300000010 ticks apart (about 83 hours); a MIDI file holds at most 268435455 "
                + "ticks between two events"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void AFailedWriteLeavesTheOldFileAndNoTemporaryOne()
    {
        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, "kept.mid");
            File.WriteAllText(path, "old");

            Assert.Throws<ArgumentException>(() => MidiOutput.Write(FarApart(), path));

            Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
            Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { path }));
        }
        finally { Directory.Delete(dir, true); }
    }

    // two notes further apart than one MIDI delta time can say
    private static MidiSong FarApart()
    {
        var tempo = new TempoMap(500, [new TempoChange(0, 500_000)]);
        var notes = new[] { new MidiNote(0, 60, 90, 0, 10), new MidiNote(0, 62, 90, 300_000_000, 300_000_010) };
        return new MidiSong("long", 1, 2, tempo, [TimeSignature.Default], notes, [], 0);
    }
}
