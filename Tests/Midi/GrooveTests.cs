using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

public class GrooveTests
{
    private static MidiSong Song(IEnumerable<MidiNote> notes, params TimeSignature[] meters)
        => new("t.mid", 0, 1, new TempoMap(480, [new TempoChange(0, 500_000)]), meters, notes, [], 0);

    [Test]
    public void NotesLandOnTheNearestSixteenthWithSignedOffsets()
    {
        // kick on beat 1, snare (rim, 37) 30 ticks late on step 4, hi-hat 60 ticks early before step 8 (0.5 step = 60
        // ticks rounds up).
        var grid = GrooveEncoder.Encode(Song([
            new MidiNote(9, 36, 127, 0, 10), new MidiNote(9, 37, 64, 480 + 30, 520),
            new MidiNote(9, 42, 32, 960 - 60, 930), new MidiNote(9, 61, 100, 0, 10)]));

        Assert.That(grid.Steps, Is.EqualTo(16));
        Assert.That(grid.Bars, Is.EqualTo(new[] { new GrooveBar(0, 16, new TimeSignature(0, 4, 4)) }));
        Assert.That(grid[0, 0], Is.EqualTo(1));
        Assert.That(grid[GrooveGrid.VelocityChannel + 0, 0], Is.EqualTo(1f));
        Assert.That(grid[1, 4], Is.EqualTo(1));
        Assert.That(grid[GrooveGrid.OffsetChannel + 1, 4], Is.EqualTo(0.5f),
            "30 ticks late = a quarter step, stored ×2");
        Assert.That(grid[2, 8], Is.EqualTo(1));
        Assert.That(grid[GrooveGrid.OffsetChannel + 2, 8], Is.EqualTo(-1f), "half a step early is the -0.5 edge");
        Assert.That(grid[GrooveGrid.VelocityChannel + 2, 8], Is.EqualTo(32 / 127f));
        Assert.That(grid.Values.Take(9 * 16).Count(v => v == 1), Is.EqualTo(3));
        Assert.That(grid.DroppedByPitch[61], Is.EqualTo(1));
        Assert.That(grid.MappedNotes, Is.EqualTo(3));
    }

    [Test]
    public void SeveralNotesOfOneClassInOneStepKeepTheLoudest()
    {
        var grid = GrooveEncoder.Encode(
            Song([new MidiNote(9, 38, 50, 0, 10), new MidiNote(9, 40, 90, 10, 20), new MidiNote(9, 38, 70, 20, 30)]));
        Assert.That(grid[GrooveGrid.VelocityChannel + 1, 0], Is.EqualTo(90 / 127f));
        Assert.That(grid[GrooveGrid.OffsetChannel + 1, 0], Is.EqualTo(2 * 10 / 120f).Within(1e-6));
        Assert.That(grid.MergedNotes, Is.EqualTo(2));
    }

    [Test]
    public void BarsFollowTheMeterAndSectionsKeepOnlyTheChosenMeter()
    {
        // two bars of 4/4, then 6/8 (12 steps a bar) for two bars
        var grid = GrooveEncoder.Encode(
            Song([new MidiNote(9, 36, 100, 0, 10),
                new MidiNote(9, 36, 100, 3840 + 2 * 1440 - 120, 3840 + 2 * 1440 - 110)],
            new TimeSignature(0, 4, 4), new TimeSignature(3840, 6, 8)));

        Assert.That(grid.Bars.Select(b => (b.StartStep, b.Steps, b.Meter.Label)),
            Is.EqualTo(new[] { (0, 16, "4-4"), (16, 16, "4-4"), (32, 12, "6-8"), (44, 12, "6-8") }));
        Assert.That(GrooveSections.Cut(grid).Select(s => (s.StartBar, s.Steps)),
            Is.EqualTo(new[] { (0, 16), (1, 16) }));
        Assert.That(GrooveSections.Cut(grid, bars: 2, hopBars: 1, meter: null).Select(s => (s.StartBar, s.Steps)),
            Is.EqualTo(new[] { (0, 32), (2, 24) }), "the window across the meter change is left out");
        var first = GrooveSections.Cut(grid, bars: 2).Single();
        Assert.That(first.Grid[0], Is.EqualTo(1));
        Assert.That(first.Grid.Length, Is.EqualTo(27 * 32));
    }

    [Test]
    public void DecoderWritesFirstPitchesOnChannelTenAtTheGivenTempo()
    {
        var grid = new float[27 * 16];
        grid[1 * 16 + 4] = 1; grid[(9 + 1) * 16 + 4] = 0.5f; grid[(18 + 1) * 16 + 4] = -0.5f;   // snare, a quarter
                                                                                                // step early
        grid[8 * 16 + 15] = 0.4f;                                                             // below threshold: no hit
        var song = GrooveDecoder.ToSong(grid, 16, bpm: 90);

        var note = song.Notes.Single();
        Assert.That((note.Channel, note.Pitch, note.Velocity, note.StartTick), Is.EqualTo((9, 38, 64, 480 - 30)));
        Assert.That(song.Tempo.Changes.Single().Bpm, Is.EqualTo(90).Within(1e-3));
        Assert.That(song.EndTick, Is.EqualTo(4 * 480));
    }

    // "a Groove grid of 0 steps has 0 values, got 0" contradicted itself
    [TestCase(0)]
    [TestCase(-3)]
    public void AGridOfNoStepsIsRefusedSayingStepsMustBePositive(int steps)
        => Assert.That(() => new GrooveRepresentation().ToNotes([], steps, 120),
            Throws.ArgumentException.With.Message.EqualTo(
                $"a Groove grid has {steps} steps; it must have 1 or more (Parameter 'steps')"));

    [Test]
    public void OnlyNotesOnTheDrumChannelAreDrumsTheRestAreCountedAndDropped()
    {
        // a kick on channel 10, and a bass part on channel 1 whose C2 (36) and E2 (40) are kick and snare pitches
        var grid = GrooveEncoder.Encode(
            Song([new MidiNote(9, 36, 100, 0, 10), new MidiNote(0, 36, 90, 0, 400),
            new MidiNote(0, 40, 90, 480, 900)]));
        Assert.That(grid.Values.Take(9 * grid.Steps).Sum(), Is.EqualTo(1), "one hit: the channel-10 kick");
        Assert.That(grid[GrooveGrid.VelocityChannel + 0, 0], Is.EqualTo(100 / 127f),
            "the bass note's velocity did not win the step");
        Assert.That(grid.OffDrumChannelNotes, Is.EqualTo(2));
        Assert.That(grid.DroppedByPitch.Sum(), Is.Zero, "off-channel notes are not counted as unmapped pitches");
        Assert.That(grid.MappedNotes, Is.EqualTo(1));
    }

    [Test]
    public void FilesWithoutDrumNotesAreAClearError()
    {
        var noNotes = MidiReader.Parse(File(0, 480, Track(EndOfTrack(100))), "silent.mid");
        var piano = Song([new MidiNote(0, 60, 100, 0, 10)]);
        Assert.That(() => GrooveEncoder.Encode(noNotes),
            Throws.TypeOf<MidiFormatException>().With.Message.EqualTo("silent.mid: has no notes"));
        Assert.That(() => GrooveEncoder.Encode(piano), Throws.TypeOf<MidiFormatException>().With.Message.EqualTo(
            "t.mid: has no drum notes of the 9 mapped classes on channel 10 (1 notes: 1 on other "
            + "channels, 0 of unmapped pitches)"));
    }

    // GrooveEncoder counted a dropped pitch in a table of 128 and ran past it
    [TestCase(128)]
    [TestCase(-5)]
    public void APitchOutsideMidisNeverReachesTheEncoder(int pitch)
        => Assert.That(() => new GrooveRepresentation().Encode(Song([new MidiNote(9, pitch, 100, 0, 480)])),
            Throws.ArgumentException.With.Message.Contains($"has pitch {pitch}; a pitch must be 0 to 127"));

    [Test]
    public void RoundTripOfRealGrooveFilesKeepsOnsetsAndVelocities()
    {
        int files = 0, notes = 0, merged = 0, dropped = 0;
        double maxOnsetSteps = 0, maxOnsetMs = 0, maxVelocity = 0;
        foreach (string file in TestData.GrooveFiles(20))
        {
            var song = MidiReader.Read(file);
            var grid = GrooveEncoder.Encode(song);
            var decoded = GrooveDecoder.ToSong(grid.Values, grid.Steps, grid.Bpm, song.MeterAt(0));
            var back = MidiReader.Parse(MidiWriter.ToBytes(decoded), file + " (decoded)");

            // The expected notes, worked out here independently: per class and step, the loudest (first of equals).
            var expected = song.Notes.Where(n => DrumMapping.ClassOf(n.Pitch) >= 0)
                .GroupBy(
                    n => (Class: DrumMapping.ClassOf(n.Pitch),
                    Step: (long)Math.Floor(n.StartTick * 4.0 / song.TicksPerQuarter + 0.5)))
                .ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.Velocity).First());
            var actual = back.Notes.ToDictionary(
                n => (Class: DrumMapping.ClassOf(n.Pitch),
                Step: (long)Math.Floor(n.StartTick * 4.0 / back.TicksPerQuarter + 0.5)));
            Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), file);
            foreach (var (key, source) in expected)
            {
                var copy = actual[key];
                Assert.That(copy.Pitch, Is.EqualTo(DrumMapping.FirstPitch(key.Class)));
                Assert.That(copy.Channel, Is.EqualTo(9));
                double steps = Math.Abs(
                    source.StartTick * 4.0 / song.TicksPerQuarter - copy.StartTick * 4.0 / back.TicksPerQuarter);
                double ms = 1000 * Math.Abs(
                    song.Tempo.ToSeconds(source.StartTick) - back.Tempo.ToSeconds(copy.StartTick));
                Assert.That(steps, Is.LessThanOrEqualTo(0.5), file);
                Assert.That(Math.Abs(copy.Velocity - source.Velocity), Is.LessThanOrEqualTo(1), file);
                maxOnsetSteps = Math.Max(maxOnsetSteps, steps);
                maxOnsetMs = Math.Max(maxOnsetMs, ms);
                maxVelocity = Math.Max(maxVelocity, Math.Abs(copy.Velocity - source.Velocity));
            }
            files++;
            notes += expected.Count;
            merged += grid.MergedNotes;
            dropped += grid.DroppedByPitch.Sum();
        }
        TestContext.Out.WriteLine(
            $"Groove round trip: {files} files, {notes} onsets checked, max onset error {maxOnsetSteps:0.####} steps " +
            $"({maxOnsetMs:0.###} ms), max velocity error {maxVelocity}; {merged} notes merged " +
            $"into a louder one in their step, {dropped} of unmapped pitches dropped");
    }
}
