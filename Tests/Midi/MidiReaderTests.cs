using TcnWtaNative.Midi.Files;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

public class MidiReaderTests
{
    [Test]
    public void Format0WithRunningStatusAndVelocityZeroNoteOffs()
    {
        // note-on 60, then running status: note-on 64, note 60 off (vel 0), note 64 off (vel 0)
        var bytes = File(0, 96, Track(
            Event(0, 0x90, 60, 100), Event(0, 64, 90), Event(48, 60, 0), Event(48, 64, 0), EndOfTrack(10)));
        var song = MidiReader.Parse(bytes, "t.mid");

        Assert.That(song.Format, Is.EqualTo(0));
        Assert.That(song.TicksPerQuarter, Is.EqualTo(96));
        Assert.That(song.Notes, Is.EqualTo(new[]
        {
            new MidiNote(0, 60, 100, 0, 48),
            new MidiNote(0, 64, 90, 0, 96),
        }));
        Assert.That(song.EndTick, Is.EqualTo(106));
        Assert.That(song.DurationSeconds, Is.EqualTo(106 / 96.0 * 0.5).Within(1e-12));
    }

    [Test]
    public void Format1MergesTracksAndConvertsTicksThroughTempoChanges()
    {
        // 120 bpm for the first 2 quarters, then 60 bpm; a note at each tempo.
        var conductor = Track(Tempo(0, 500_000), Tempo(960, 1_000_000), EndOfTrack());
        var notes = Track(Event(480, 0x91, 62, 80), Event(480, 0x81, 62, 0), Event(480, 0x91, 65, 70),
            Event(480, 0x81, 65, 0), EndOfTrack());
        var song = MidiReader.Parse(File(1, 480, conductor, notes), "t.mid");

        Assert.That(song.Format, Is.EqualTo(1));
        Assert.That(song.TrackCount, Is.EqualTo(2));
        Assert.That(song.Tempo.Changes.Select(c => c.Bpm), Is.EqualTo(new[] { 120.0, 60.0 }));
        Assert.That(song.Notes.Select(n => n.Channel), Is.All.EqualTo(1));
        Assert.That(song.Tempo.ToSeconds(song.Notes[0].StartTick), Is.EqualTo(0.5).Within(1e-12));
        Assert.That(song.Tempo.ToSeconds(song.Notes[0].EndTick), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(song.Tempo.ToSeconds(song.Notes[1].StartTick), Is.EqualTo(2.0).Within(1e-12));
        Assert.That(song.Tempo.ToSeconds(song.Notes[1].EndTick), Is.EqualTo(3.0).Within(1e-12));
        Assert.That(song.DurationSeconds, Is.EqualTo(3.0).Within(1e-12));
    }

    [Test]
    public void TimeSignatureChangesAreKeptInOrder()
    {
        var bytes = File(0, 480,
            Track(Meter(0, 4, 2), Event(0, 0x99, 36, 100), Event(10, 0x89, 36, 0), Meter(1910, 6, 3), EndOfTrack()));
        var song = MidiReader.Parse(bytes, "t.mid");

        Assert.That(song.TimeSignatures,
            Is.EqualTo(new[] { new TimeSignature(0, 4, 4), new TimeSignature(1920, 6, 8) }));
        Assert.That(song.MeterAt(1919).ToString(), Is.EqualTo("4/4"));
        Assert.That(song.MeterAt(5000).Label, Is.EqualTo("6-8"));
    }

    [Test]
    public void SustainPedalAndOtherControllersAndMetaAndSysexAreSkippedOrKept()
    {
        var bytes = File(0, 480, Track(
            Event(0, 0xFF, 0x03, 0x02, (byte)'h', (byte)'i'),     // track name
            Event(0, 0xF0, 0x03, 0x7E, 0x7F, 0xF7),              // sysex
            Event(0, 0xB0, 64, 127), Event(0, 0xB0, 7, 100),     // pedal down, volume
            Event(0, 0xC0, 5), Event(0, 0xE0, 0, 64),            // program, pitch bend
            Event(0, 0x90, 60, 90), Event(100, 0x80, 60, 64),
            Event(50, 0xB0, 64, 0), EndOfTrack()));
        var song = MidiReader.Parse(bytes, "t.mid");

        Assert.That(song.Sustain, Is.EqualTo(new[] { new SustainEvent(0, 0, 127), new SustainEvent(150, 0, 0) }));
        Assert.That(song.Notes, Has.Count.EqualTo(1));
    }

    [Test]
    public void ANoteStillSoundingAtTheEndOfItsTrackEndsThere()
    {
        var song = MidiReader.Parse(File(0, 480, Track(Event(0, 0x90, 60, 90), EndOfTrack(300))), "t.mid");
        Assert.That(song.Notes.Single().EndTick, Is.EqualTo(300));
    }

    [Test]
    public void ReStruckKeysPairFirstInFirstOut()
    {
        var song = MidiReader.Parse(File(0, 480, Track(
            Event(0, 0x90, 60, 90), Event(10, 0x90, 60, 80), Event(10, 0x80, 60, 0), Event(10, 0x80, 60, 0),
                EndOfTrack())), "t.mid");
        Assert.That(song.Notes, Is.EqualTo(new[] { new MidiNote(0, 60, 90, 0, 20), new MidiNote(0, 60, 80, 10, 30) }));
    }

    [Test]
    public void ALongerHeaderIsHonouredAsTheStandardAsks()
    {
        var track = Chunk("MTrk", Track(Event(0, 0x90, 60, 90), Event(10, 0x80, 60, 0), EndOfTrack()));
        var header = Header(0, 1, 480);
        header[7] = 10; // four bytes of fields a later version of the standard might add
        var song = MidiReader.Parse([.. header, 0xAA, 0xBB, 0xCC, 0xDD, .. track], "t.mid");

        Assert.That(song.Notes, Is.EqualTo(MidiReader.Parse([.. Header(0, 1, 480), .. track], "t.mid").Notes));
        Assert.That(song.Notes, Has.Count.EqualTo(1));
    }

    [Test]
    public void ATrackWithoutEndOfTrackEndsWithItsChunkAndItsOpenNotesThere()
    {
        // two tracks, neither closed by FF 2F 00; the first leaves 64 sounding
        var song = MidiReader.Parse(File(1, 480,
            Track(Event(0, 0x90, 60, 90), Event(10, 0x80, 60, 0), Event(0, 0x90, 64, 70), Event(30, 0xB0, 1, 5)),
            Track(Event(5, 0x90, 67, 80), Event(5, 0x80, 67, 0))), "t.mid");

        Assert.That(song.Notes, Is.EquivalentTo(new[]
        {
            new MidiNote(0, 60, 90, 0, 10), new MidiNote(0, 64, 70, 10, 40), new MidiNote(0, 67, 80, 5, 10),
        }));
    }

    [Test]
    public void UnknownChunksBetweenTracksAreSkipped()
    {
        var bytes = (byte[])[.. Header(0, 1, 480), .. Chunk("XFIH", [1, 2, 3]),
            .. Chunk("MTrk", Track(Event(0, 0x90, 60, 90), Event(10, 0x80, 60, 0), EndOfTrack()))];
        Assert.That(MidiReader.Parse(bytes, "t.mid").Notes, Has.Count.EqualTo(1));
    }
}
