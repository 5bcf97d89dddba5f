using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Tests.Midi;

/// <summary>A song holds only what a MIDI file holds, in tick order, whoever builds it.</summary>
public class MidiSongTests
{
    private static readonly MidiNote Kick = new(9, 36, 100, 0, 480);

    private static MidiSong Song(TimeSignature[] meters, TempoChange[] tempos, MidiNote[] notes)
        => new("s", 0, 1, new TempoMap(480, tempos), meters, notes, [], 0);

    // numerator 0 or -1 made Groove's bar loop stand still until memory ran out; 256 and 300 were written as a byte
    // (a file the reader refuses, and 44/4); denominator 0 divided by zero
    [TestCase(0, 0, 4, "a meter at tick 0 is 0/4; its numerator must be 1 to 255")]
    [TestCase(0, -1, 4, "a meter at tick 0 is -1/4; its numerator must be 1 to 255")]
    [TestCase(0, 256, 4, "a meter at tick 0 is 256/4; its numerator must be 1 to 255")]
    [TestCase(0, 300, 4, "a meter at tick 0 is 300/4; its numerator must be 1 to 255")]
    [TestCase(0, 4, 0, "a meter at tick 0 is 4/0; its denominator must be a power of two from 1 to 64")]
    [TestCase(0, 4, 6, "a meter at tick 0 is 4/6; its denominator must be a power of two from 1 to 64")]
    [TestCase(0, 4, 128, "a meter at tick 0 is 4/128; its denominator must be a power of two from 1 to 64")]
    [TestCase(-1, 4, 4, "a meter at tick -1 is 4/4; its tick must be 0 or later")]
    public void MetersAFileCannotHoldAreRefused(long tick, int numerator, int denominator, string message)
        => Assert.That(() => Song([new TimeSignature(tick, numerator, denominator)], [], [Kick]),
            Throws.ArgumentException.With.Message.EqualTo($"{message} (Parameter 'timeSignatures')"));

    // pitch 128 or -5 indexed past Groove's and the events' tables, pitch 200 encoded another event, velocity 0 was
    // written as a note-off and lost
    [TestCase(16, 36, 100, 0, 480, "a note at tick 0 is on channel 16; a channel must be 0 to 15")]
    [TestCase(-1, 36, 100, 0, 480, "a note at tick 0 is on channel -1; a channel must be 0 to 15")]
    [TestCase(9, 128, 100, 0, 480, "a note at tick 0 has pitch 128; a pitch must be 0 to 127")]
    [TestCase(9, -5, 100, 0, 480, "a note at tick 0 has pitch -5; a pitch must be 0 to 127")]
    [TestCase(9, 36, 0, 0, 480, "a note at tick 0 has velocity 0; a velocity must be 1 to 127")]
    [TestCase(9, 36, 200, 0, 480, "a note at tick 0 has velocity 200; a velocity must be 1 to 127")]
    [TestCase(9, 36, 100, -1, 480,
        "a note lasts from tick -1 to tick 480; it must start at tick 0 or later and end no earlier than it starts")]
    [TestCase(9, 36, 100, 480, 479,
        "a note lasts from tick 480 to tick 479; it must start at tick 0 or later and end no earlier than it starts")]
    public void NotesAFileCannotHoldAreRefused(int channel, int pitch, int velocity, long start, long end,
        string message)
        => Assert.That(() => Song([], [], [Kick, new MidiNote(channel, pitch, velocity, start, end)]),
            Throws.ArgumentException.With.Message.EqualTo($"{message} (Parameter 'notes')"));

    [TestCase(-1, 0, 127, "a pedal event lies at tick -1; it must lie at tick 0 or later")]
    [TestCase(0, 16, 127, "a pedal event at tick 0 is on channel 16; a channel must be 0 to 15")]
    [TestCase(0, 0, 128, "a pedal event at tick 0 has value 128; a value must be 0 to 127")]
    public void PedalEventsAFileCannotHoldAreRefused(long tick, int channel, int value, string message)
        => Assert.That(() => new MidiSong("s", 0, 1, new TempoMap(480, []), [], [Kick],
                [new SustainEvent(tick, channel, value)], 0),
            Throws.ArgumentException.With.Message.EqualTo($"{message} (Parameter 'sustain')"));

    [Test]
    public void NullPartsAreAnArgumentNullException()
    {
        var tempo = new TempoMap(480, []);
        Assert.That(() => new MidiSong(null!, 0, 1, tempo, [], [Kick], [], 0), Throws.ArgumentNullException);
        Assert.That(() => new MidiSong("s", 0, 1, null!, [], [Kick], [], 0), Throws.ArgumentNullException);
        Assert.That(() => new MidiSong("s", 0, 1, tempo, null!, [Kick], [], 0), Throws.ArgumentNullException);
        Assert.That(() => new MidiSong("s", 0, 1, tempo, [], null!, [], 0), Throws.ArgumentNullException);
        Assert.That(() => new MidiSong("s", 0, 1, tempo, [], [Kick], null!, 0), Throws.ArgumentNullException);
    }

    [Test]
    public void ANegativeEndTickIsRefused()
        => Assert.That(() => new MidiSong("s", 0, 1, new TempoMap(480, []), [], [], [], -1),
            Throws.ArgumentException.With.Message.EqualTo(
                "the song's end tick is -1; it must be 0 or later (Parameter 'endTick')"));

    [Test]
    public void ANoteEndingAtItsStartIsKeptAsTheReaderGivesIt()
    {
        var instant = new MidiNote(0, 60, 90, 480, 480);

        Assert.That(Song([], [], [instant]).Notes, Is.EqualTo(new[] { instant }));
    }

    [Test]
    public void PedalEventsGivenOutOfOrderAreSortedByTick()
    {
        var song = new MidiSong("s", 0, 1, new TempoMap(480, []), [], [Kick],
            [new SustainEvent(960, 0, 0), new SustainEvent(0, 0, 127)], 0);

        Assert.That(song.Sustain.Select(pedal => pedal.Tick), Is.EqualTo(new long[] { 0, 960 }));
    }

    [Test]
    public void MetersGivenOutOfOrderAreSortedSoTheGridFollowsThem()
    {
        // 4/4 for half a bar, then 3/4: bars of 8, 12, 12, 12 steps to reach the note at step 40
        var song = Song([new(960, 3, 4), new(0, 4, 4)], [], [Kick, Kick with { StartTick = 4800, EndTick = 5280 }]);

        Assert.That(song.TimeSignatures, Is.EqualTo(new TimeSignature[] { new(0, 4, 4), new(960, 3, 4) }));
        Assert.That(song.MeterAt(2000), Is.EqualTo(new TimeSignature(960, 3, 4)));
        Assert.That(new GrooveRepresentation().Encode(song).Length, Is.EqualTo(44));
    }

    [Test]
    public void OfTwoMetersAtOneTickTheLaterGivenHolds()
    {
        var song = Song([new(0, 3, 4), new(480, 6, 8), new(0, 5, 4)], [], [Kick]);

        Assert.That(song.MeterAt(0), Is.EqualTo(new TimeSignature(0, 5, 4)));
        Assert.That(song.TimeSignatures.Select(meter => meter.Numerator), Is.EqualTo(new[] { 3, 5, 6 }));
    }
}
