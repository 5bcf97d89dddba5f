using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

/// <summary>Indexes, filters, loading through the cache, and skipping bad files without stopping.</summary>
public class DatasetLoadingTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDataset()
    {
        _dir = TestData.TempDir();
        var rows = new List<string>
        {
            "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split"
        };
        void Add(string file, byte[]? bytes, string style, string meter, string split, string beat = "beat")
        {
            if (bytes != null) System.IO.File.WriteAllBytes(Path.Combine(_dir, file), bytes);
            rows.Add($"drummer1,drummer1/s,drummer1/s/{file},{style},120,{beat},{meter},{file},,2.0,{split}");
        }
        Add("good1.mid", Drums(4), "funk/groove1", "4-4", "train");
        Add("good2.mid", Drums(2), "\"rock, hard\"", "4-4", "test", "fill");
        Add("waltz.mid", Drums(3, numerator: 3), "jazz", "3-4", "train");
        Add("truncated.mid", Drums(4)[..40], "funk", "4-4", "train");
        Add("magic.mid", "RIFF0000"u8.ToArray(), "funk", "4-4", "train");
        Add("silent.mid", File(0, 480, Track(EndOfTrack(480))), "funk", "4-4", "train");
        Add("missing.mid", null, "funk", "4-4", "train");
        System.IO.File.WriteAllLines(Path.Combine(_dir, GrooveIndex.InfoFileName), rows);
    }

    [TearDown]
    public void DeleteDataset() => Directory.Delete(_dir, true);

    /// <summary>A kick on every beat for <paramref name="bars"/> bars.</summary>
    private static byte[] Drums(int bars, int numerator = 4)
    {
        var events = new List<byte[]> { Meter(0, numerator, 2) };
        for (int beat = 0; beat < bars * numerator; beat++)
        {
            events.Add(Event(0, 0x99, 36, 100));
            events.Add(Event(480, 0x89, 36, 0));
        }
        events.Add(EndOfTrack());
        return File(0, 480, Track([.. events]));
    }

    [Test]
    public void BadFilesAreSkippedWithTheirReasonsAndTheRestLoads()
    {
        var set = GrooveDataset.Open(_dir, GrooveFilter.All);

        Assert.That(set.Load.Files.Select(f => f.Entry.MidiFile),
            Is.EqualTo(new[] { "good1.mid", "good2.mid", "waltz.mid" }));
        Assert.That(set.Load.Skipped.Select(s => (Path.GetFileName(s.File), s.Reason.Split(':')[0])), Is.EqualTo(new[]
        {
            ("truncated.mid", "truncated file or bad chunk length"),
            ("magic.mid", "not a MIDI file"),
            ("silent.mid", "has no notes"),
            ("missing.mid", "file not found"),
        }));
        Assert.That(set.Sections.Select(s => (s.Source.MidiFile, s.StartBar, s.Steps)), Is.EqualTo(new[]
        {
            ("good1.mid", 0, 16), ("good1.mid", 1, 16), ("good1.mid", 2, 16), ("good1.mid", 3, 16),
            ("good2.mid", 0, 16), ("good2.mid", 1, 16),
            ("waltz.mid", 0, 12), ("waltz.mid", 1, 12), ("waltz.mid", 2, 12),
        }));
        Assert.That(set.Sections[1].Grid[4], Is.EqualTo(1), "bar 1 has a kick on its second beat");
    }

    [Test]
    public void FiltersSelectBySplitMeterStyleAndBeatType()
    {
        var index = GrooveIndex.Load(_dir);
        Assert.That(index.Select(new GrooveFilter()).Count, Is.EqualTo(6), "4-4 by default");
        Assert.That(index.Select(new GrooveFilter(Split: "train", Meter: null)).Count, Is.EqualTo(6));
        Assert.That(index.Select(new GrooveFilter(Style: "funk")).Select(e => e.MidiFile).First(),
            Is.EqualTo("good1.mid"));
        Assert.That(index.Select(new GrooveFilter(Style: "rock, hard")).Single().BeatType, Is.EqualTo("fill"),
            "quoted CSV field");
        Assert.That(index.Select(new GrooveFilter(BeatType: "fill", Split: "TEST")).Single().MidiFile,
            Is.EqualTo("good2.mid"));
        var set = GrooveDataset.Open(_dir, new GrooveFilter(Meter: "4-4"), bars: 2, hopBars: 1);
        Assert.That(set.Sections.Select(s => (s.Source.MidiFile, s.StartBar)),
            Is.EqualTo(new[] { ("good1.mid", 0), ("good1.mid", 1), ("good1.mid", 2), ("good2.mid", 0) }));
        Assert.That(set.Sections.Select(s => s.Steps), Is.All.EqualTo(32));
    }

    [Test]
    public void TheCacheServesRepeatsAndRebuildsDamagedEntries()
    {
        var cache = new EncodingCache(Path.Combine(_dir, "cache"));
        var first = GrooveDataset.Open(_dir, GrooveFilter.All, cache);
        Assert.That((cache.Hits, cache.Misses), Is.EqualTo((0, 3)));

        var second = GrooveDataset.Open(_dir, GrooveFilter.All, cache);
        Assert.That((cache.Hits, cache.Misses), Is.EqualTo((3, 3)));
        Assert.That(second.Sections.Select(s => s.Grid), Is.EqualTo(first.Sections.Select(s => s.Grid)));

        var entries = Directory.GetFiles(cache.Directory, "*.bin", SearchOption.AllDirectories).Order().ToArray();
        Assert.That(entries, Has.Length.EqualTo(3));
        var damaged = System.IO.File.ReadAllBytes(entries[0]);
        damaged[^5] ^= 0x40;
        System.IO.File.WriteAllBytes(entries[0], damaged);
        System.IO.File.WriteAllBytes(entries[1], damaged[..20]);
        System.IO.File.WriteAllText(entries[2], "");

        var third = GrooveDataset.Open(_dir, GrooveFilter.All, cache);
        Assert.That(cache.Rebuilt, Is.EqualTo(3));
        Assert.That(third.Sections.Select(s => s.Grid), Is.EqualTo(first.Sections.Select(s => s.Grid)));
        GrooveDataset.Open(_dir, GrooveFilter.All, cache);
        Assert.That(cache.Hits, Is.EqualTo(6), "rebuilt entries are sound again");
    }

    [Test]
    public void CacheKeysFollowTheFileBytesAndTheEncoding()
    {
        var cache = new EncodingCache(Path.Combine(_dir, "cache"));
        byte[] a = Drums(1), b = Drums(2);
        Assert.That(cache.EntryPath(a, Codecs.GrooveGrid.Key),
            Is.Not.EqualTo(cache.EntryPath(b, Codecs.GrooveGrid.Key)));
        Assert.That(cache.EntryPath(a, Codecs.GrooveGrid.Key),
            Is.Not.EqualTo(cache.EntryPath(a, Codecs.PianoEvents.Key)));
        Assert.That(cache.EntryPath(a, Codecs.GrooveGrid.Key),
            Is.EqualTo(cache.EntryPath([.. a], Codecs.GrooveGrid.Key)));
    }

    [Test]
    public void MaestroIndexLoadsEventsAndNotesAndSkipsBadFiles()
    {
        var piano = new MidiSong("p", 1, 2, new TempoMap(480, []), [],
            [new MidiNote(0, 60, 90, 0, 480), new MidiNote(0, 64, 70, 480, 960)], [], 960);
        System.IO.File.WriteAllBytes(Path.Combine(_dir, "piece.midi"), MidiWriter.ToBytes(piano));
        System.IO.File.WriteAllLines(Path.Combine(_dir, MaestroIndex.CsvFileName),
        [
            "canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration",
            "Frédéric Chopin,\"Ballade No. 1, Op. 23\",train,2004,piece.midi,piece.wav,1.0",
            "Franz Schubert / Franz Liszt,Ständchen,test,2006,magic.mid,x.wav,2.0",
        ]);
        var events = MaestroDataset.LoadEvents(_dir, new MaestroFilter());
        Assert.That(events.Files.Single().Entry.Title, Is.EqualTo("Ballade No. 1, Op. 23"));
        Assert.That(events.Files.Single().Data.Count(e => e < 128), Is.EqualTo(2));
        Assert.That(events.Skipped.Single().Reason, Does.StartWith("not a MIDI file"));
        Assert.That(MaestroDataset.LoadNotes(_dir, new MaestroFilter(Composer: "liszt")).Skipped, Has.Count.EqualTo(1));
        Assert.That(MaestroDataset.LoadNotes(_dir, new MaestroFilter(Split: "train")).Files.Single().Data,
            Has.Length.EqualTo(2));
    }

    [Test]
    public void MissingIndexIsAClearError()
        => Assert.That(() => MaestroIndex.Load(Path.Combine(_dir, "nowhere")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no maestro-v3.0.0.csv"));

    [Test]
    public void RealGrooveIndexHasTheDocumentedSplits()
    {
        var index = GrooveIndex.Load(TestData.GrooveDir());
        Assert.That(index.Entries.GroupBy(e => e.Split).ToDictionary(g => g.Key, g => g.Count()),
            Is.EquivalentTo(new Dictionary<string, int> { ["train"] = 897, ["validation"] = 124, ["test"] = 129 }));
        Assert.That(DrumMapping.ClassNames, Has.Count.EqualTo(9));
    }
}
