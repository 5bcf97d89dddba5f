using NAudio.Midi;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Tests.Midi;

/// <summary>The reader agrees with NAudio's on real files of both datasets.</summary>
public class MidiRealFileTests
{
    [Test]
    public void GrooveFilesAgreeWithNAudio() => AgreeWithNAudio(TestData.GrooveFiles(10));

    [Test]
    public void MaestroFilesAgreeWithNAudio() => AgreeWithNAudio(TestData.MaestroFiles(3));

    private static void AgreeWithNAudio(string[] files)
    {
        long notes = 0;
        foreach (string file in files)
        {
            var song = MidiReader.Read(file);
            var naudio = new MidiFile(file, false);
            var all = naudio.Events.SelectMany(t => t).ToList();
            Assert.That(song.Format, Is.EqualTo(naudio.FileFormat), file);
            Assert.That(song.TrackCount, Is.EqualTo(naudio.Tracks), file);
            Assert.That(song.TicksPerQuarter, Is.EqualTo(naudio.DeltaTicksPerQuarterNote), file);
            var ons = all.OfType<NoteOnEvent>().Where(e => e.Velocity > 0).ToList();
            Assert.That(song.Notes, Has.Count.EqualTo(ons.Count), file);
            Assert.That(song.Notes.Select(n => (n.StartTick, n.Pitch)).Order(),
                Is.EqualTo(ons.Select(e => (e.AbsoluteTime, e.NoteNumber)).Order()), file);
            var pedal = all.OfType<ControlChangeEvent>().Where(e => e.Controller == MidiController.Sustain).ToList();
            Assert.That(song.Sustain, Has.Count.EqualTo(pedal.Count), file);
            Assert.That(song.Tempo.Changes[^1].MicrosecondsPerQuarter,
                Is.EqualTo(all.OfType<TempoEvent>().Last().MicrosecondsPerQuarterNote), file);
            notes += song.Notes.Count;
        }
        TestContext.Out.WriteLine($"{files.Length} files, {notes} notes agree with NAudio");
    }
}
