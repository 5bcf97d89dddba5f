using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using static TcnWtaNative.Tests.Midi.MidiBytes;

namespace TcnWtaNative.Tests.Midi;

public class PianoTests
{
    // 500 ticks per quarter at 120 bpm: one tick is one millisecond.
    private static MidiSong Song(MidiNote[] notes, params SustainEvent[] pedal)
        => new("p.mid", 0, 1, new TempoMap(500, []), [], notes, pedal, 0);

    [Test]
    public void SustainPedalExtendsReleasedNotesUntilItLifts()
    {
        var notes = PerformanceNotes.FromSong(Song(
            [new MidiNote(0, 60, 80, 0, 100), new MidiNote(0, 64, 80, 50, 900), new MidiNote(0, 67, 80, 600, 700)],
            new SustainEvent(80, 0, 100), new SustainEvent(500, 0, 0)));

        Assert.That(notes, Is.EqualTo(new[]
        {
            new TimedNote(60, 80, 0, 0.5),      // released under the pedal: sounds until it lifts
            new TimedNote(64, 80, 0.05, 0.9),   // still held when the pedal lifts: its own note-off
            new TimedNote(67, 80, 0.6, 0.7),    // after the pedal: unchanged
        }));
    }

    [Test]
    public void AKeyStruckAgainUnderThePedalEndsItsPreviousNote()
    {
        var notes = PerformanceNotes.FromSong(Song(
            [new MidiNote(0, 60, 80, 0, 100), new MidiNote(0, 60, 90, 300, 400)],
            new SustainEvent(0, 0, 127)));
        Assert.That(notes, Is.EqualTo(new[] { new TimedNote(60, 80, 0, 0.3), new TimedNote(60, 90, 0.3, 0.4) }),
            "the second note ends at the last event, its own note-off, with the pedal never lifted");
    }

    [Test]
    public void OverlappingNotesOfOneKeyEndAtTheNextOnset()
    {
        var notes = PerformanceNotes.FromSong(
            Song([new MidiNote(0, 60, 80, 0, 300), new MidiNote(0, 60, 90, 100, 200)]), applySustain: false);
        Assert.That(notes, Is.EqualTo(new[] { new TimedNote(60, 80, 0, 0.1), new TimedNote(60, 90, 0.1, 0.2) }));
    }

    [Test]
    public void EventsFollowPerformanceRnn()
    {
        var events = PerformanceEvents.Encode(
            [new TimedNote(60, 100, 0, 0.5), new TimedNote(64, 100, 0.004, 1.504), new TimedNote(67, 20, 2.0, 2.001)]);
        Assert.That(events.Select(e => (int)e), Is.EqualTo(new[]
        {
            Vel(100), On(60), On(64), Shift(50), Off(60), Shift(100), Off(64),
            Shift(50), Vel(20), On(67), Off(67),     // 1 ms long: both ends round to step 200
        }));
        Assert.That(PerformanceEvents.VelocityBin(1), Is.EqualTo(1));
        Assert.That(PerformanceEvents.VelocityBin(127), Is.EqualTo(32));
    }

    [Test]
    public void AtOneStepEarlierNotesEndBeforeNewOnesAndANoteWithinTheStepEndsRightAfterItsOnset()
    {
        // 62 ends at step 10 as 62 is struck again; 64 sounds 3 ms, rounding to step 10 at both ends; 64 is struck
        // again at 10.
        TimedNote[] notes = [new(62, 80, 0, 0.1), new(62, 80, 0.1, 0.2), new(64, 80, 0.098, 0.101),
            new(64, 80, 0.104, 0.2)];
        var events = PerformanceEvents.Encode(notes);
        Assert.That(events.Select(e => (int)e), Is.EqualTo(new[]
        {
            Vel(80), On(62), Shift(10), Off(62), On(62), On(64), Off(64), On(64), Shift(10), Off(62), Off(64),
        }));
        Assert.That(PerformanceEvents.Decode(events), Is.EqualTo(new TimedNote[]
        {
            new(62, 77, 0, 0.1), new(62, 77, 0.1, 0.2), new(64, 77, 0.1, 0.1 + PerformanceEvents.MinimumNoteSeconds),
            new(64, 77, 0.1 + PerformanceEvents.MinimumNoteSeconds, 0.2),
        }), "the 3 ms note lasts the minimum length and the key's next onset waits for its end");
    }

    private static int On(int p) => p;
    private static int Off(int p) => 128 + p;
    private static int Shift(int s) => 255 + s;
    private static int Vel(int v) => 355 + PerformanceEvents.VelocityBin(v);

    [Test]
    public void EventsDecodeToNotes()
    {
        // VELOCITY bin 25, ON 60, SHIFT 50, OFF 60, ON 62, SHIFT 10, ON 62, OFF 61 (unmatched), SHIFT 9
        short[] events = [356 + 24, 60, 255 + 50, 128 + 60, 62, 255 + 10, 62, 128 + 61, 255 + 9];
        var notes = PerformanceEvents.Decode(events);
        Assert.That(PerformanceEvents.BinVelocity(25), Is.EqualTo(97));
        Assert.That(notes,
            Is.EqualTo(
                new[] { new TimedNote(60, 97, 0, 0.5), new TimedNote(62, 97, 0.5, 0.69),
                new TimedNote(62, 97, 0.6, 0.69) }),
            "notes never closed end at the last step; the unmatched NOTE_OFF is ignored");
        Assert.That(() => PerformanceEvents.Decode([388]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void PianoRollRendersOnsetsAndSoundingVelocitiesAndDecodes()
    {
        TimedNote[] notes = [new(21, 127, 0, 0.03), new(21, 64, 0.03, 0.05), new(108, 1, 0.012, 0.02),
            new(20, 100, 0, 1)];
        var roll = PianoRoll.Render(notes);
        int frames = PianoRoll.FrameCount(notes);
        Assert.That(frames, Is.EqualTo(5));
        Assert.That(roll[..5], Is.EqualTo(new[] { 1f, 0, 0, 1, 0 }));
        Assert.That(roll[(88 * 5)..(88 * 5 + 5)], Is.EqualTo(new[] { 1f, 1, 1, 64 / 127f, 64 / 127f }));
        Assert.That(roll[(87 * 5)..(88 * 5)], Is.EqualTo(new[] { 0f, 1, 0, 0, 0 }));
        Assert.That(PianoRoll.Decode(roll, frames),
            Is.EqualTo(new TimedNote[] { new(21, 127, 0, 0.03), new(108, 1, 0.01, 0.02), new(21, 64, 0.03, 0.05) }),
            "times are whole frames; pitch 20 is not a piano key");
        Assert.That(PianoRoll.Render(notes, 3, 2), Has.Length.EqualTo(176 * 2));
        Assert.That(PianoRoll.Render(notes, 3, 2)[0], Is.EqualTo(1f), "the window starts at the second note's onset");
    }

    [Test]
    public void NoteMatchingScoresSamePitchWithinTheOnsetTolerance()
    {
        TimedNote[] reference = [new(60, 80, 0, 1), new(60, 80, 0.1, 1), new(62, 80, 1, 2), new(64, 80, 3, 4)];
        TimedNote[] estimate = [new(60, 10, 0.04, 1), new(60, 80, 0.06, 0.2), new(62, 80, 1.051, 2), new(65, 80, 3, 4)];
        var score = NoteMatching.Match(reference, estimate);
        Assert.That(score.Matched, Is.EqualTo(2));
        Assert.That(score.Precision, Is.EqualTo(0.5));
        Assert.That(score.F1, Is.EqualTo(0.5));
        Assert.That(NoteMatching.Match(reference, reference).F1, Is.EqualTo(1));
        Assert.That(NoteMatching.Match([], []).F1, Is.EqualTo(1));
    }

    // pitch 200 became NOTE_OFF 72, velocity 0 a TIME_SHIFT, velocity 200 an index past the vocabulary
    [TestCase(200, 80, "has pitch 200; a pitch must be 0 to 127")]
    [TestCase(-5, 80, "has pitch -5; a pitch must be 0 to 127")]
    [TestCase(60, 0, "has velocity 0; a velocity must be 1 to 127")]
    [TestCase(60, 200, "has velocity 200; a velocity must be 1 to 127")]
    public void EventsRefuseANoteNoEventSays(int pitch, int velocity, string rule)
        => Assert.That(() => PerformanceEvents.Encode([new TimedNote(pitch, velocity, 0.25, 1)]),
            Throws.ArgumentException.With.Message.EqualTo(
                $"a note at 0.25 s {rule} (Parameter 'notes')"));

    [Test]
    public void FilesWithoutNotesAreAClearError()
        => Assert.That(
            () => PerformanceNotes.FromSong(
                MidiReader.Parse(File(1, 480, Track(Tempo(0, 500_000), EndOfTrack())), "empty.mid")),
            Throws.TypeOf<MidiFormatException>().With.Message.EqualTo("empty.mid: has no notes"));
}
