using System.Text.Json;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Midi.Files;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

/// <summary>"tcnwta midi inspect" and "tcnwta dataset stats" as a user runs them.</summary>
[NonParallelizable]
public class MidiCliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public void InspectReportsEachFileAndOneErrorLinePerBadFile()
    {
        string dir = TestData.TempDir();
        try
        {
            string good = Path.Combine(dir, "good.mid"), bad = Path.Combine(dir, "bad.mid"),
                quiet = Path.Combine(dir, "quiet.mid");
            System.IO.File.WriteAllBytes(good, File(1, 480, Track(Tempo(0, 600_000), Meter(0, 3, 2), EndOfTrack()),
                Track(Event(0, 0x99, 36, 100), Event(480, 0x89, 36, 0), Event(0, 0x90, 72, 50), Event(480, 0x80, 72, 0),
                    EndOfTrack())));
            System.IO.File.WriteAllBytes(bad, File(2, 480, Track(EndOfTrack())));
            System.IO.File.WriteAllBytes(quiet, File(0, 480, Track(EndOfTrack(960))));

            var (exit, stdout, stderr) = Run("midi", "inspect", good, bad, quiet);

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stdout, Does.Contain("format 1, 2 tracks, 480 ticks per quarter"));
            Assert.That(stdout, Does.Contain("tempo    100 bpm at 0 s"));
            Assert.That(stdout, Does.Contain("meter    3/4 at 0 s"));
            Assert.That(stdout, Does.Contain("duration 1.2 s, 2 notes, pitches 36-72, channels 1 10"));
            Assert.That(stdout, Does.Contain("duration 1 s, 0 notes"));
            Assert.That(stderr.TrimEnd().Split('\n'),
                Is.EqualTo(
                    new[] { $"error: {bad}: MIDI format 2 (independent sequences) is not "
                        + "supported; only formats 0 and 1" }));

            var (okExit, json, _) = Run("midi", "inspect", "--json", good);
            Assert.That(okExit, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(json);
            Assert.That(doc.RootElement.GetProperty("notes").GetInt32(), Is.EqualTo(2));
            Assert.That(doc.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetInt32()),
                Is.EqualTo(new[] { 1, 10 }));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void DatasetStatsPrintsCountsAndSkippedFiles()
    {
        string dir = TestData.TempDir();
        try
        {
            // a kick, an unmapped pitch and a bass C2 (36) on channel 1, which is not a drum
            var song = new MidiSong("g", 1, 2, new TempoMap(480, []), [TimeSignature.Default],
                [new MidiNote(9, 36, 100, 0, 60), new MidiNote(9, 61, 100, 1920, 1980),
                    new MidiNote(0, 36, 100, 960, 1200)], [], 3840);
            var waltz = new MidiSong("w", 1, 2, new TempoMap(480, []), [new TimeSignature(0, 3, 4)],
                [new MidiNote(9, 36, 100, 0, 60)], [], 1440);
            System.IO.File.WriteAllBytes(Path.Combine(dir, "a.mid"), MidiWriter.ToBytes(song));
            System.IO.File.WriteAllBytes(Path.Combine(dir, "w.mid"), MidiWriter.ToBytes(waltz));
            System.IO.File.WriteAllLines(Path.Combine(dir, "info.csv"),
            [
                "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split",
                "drummer1,s,1,funk/groove1,120,beat,4-4,a.mid,,2,train",
                "drummer2,s,2,rock,120,fill,4-4,gone.mid,,2,test",
                "drummer3,s,3,jazz,120,beat,3-4,w.mid,,1.5,train",
            ]);
            var (exit, stdout, stderr) = Run("dataset", "stats", "--dataset", "groove", "--data", dir, "--no-cache");
            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("files: 2 listed, 1 loaded, 1 skipped"), "4-4 only by default");
            Assert.That(stdout, Does.Match(@"train\s+1\s+1\s+1\s+1"));
            Assert.That(stdout, Does.Contain("dropped pitches (1 notes): 61: 1"));
            Assert.That(stdout, Does.Contain("notes off the drum channel 10, dropped: 1"));
            Assert.That(stdout, Does.Contain($"{Path.Combine(dir, "gone.mid")}: file not found"));

            var (allExit, all, allErr) = Run("dataset", "stats", "--dataset", "groove", "--data", dir, "--no-cache",
                "--meter", "all");
            Assert.That(allExit, Is.EqualTo(0), allErr);
            Assert.That(all, Does.Contain("files: 3 listed, 2 loaded, 1 skipped"));
            Assert.That(all, Does.Contain("sections: 2 of 1 bar every 1: 1 of [27, 16], 1 of [27, 12]"));
            Assert.That(Run("dataset", "stats", "--help").Out,
                Does.Contain("'all' for every meter").And.Contain("[default: 4-4]"));

            var (missingExit, _, missingErr) = Run("dataset", "stats", "--dataset", "maestro", "--data", dir,
                "--no-cache");
            Assert.That(missingExit, Is.EqualTo(1));
            Assert.That(missingErr, Does.StartWith($"error: {dir}: no maestro-v3.0.0.csv"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
