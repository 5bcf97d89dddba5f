using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// The drum-class histogram baseline counts what a drum model reads: mapped notes on the drum channel, so a piece's
/// histogram and its segments' (counted from <see cref="GrooveEncoder.Place"/>) agree.
/// </summary>
public class DrumClassHistogramTests
{
    [Test]
    public void OnlyMappedDrumChannelNotesCount()
    {
        // three kicks and one snare on the drum channel; a kick-pitched note on channel 1 and an unmapped drum pitch
        MidiNote Note(int channel, int pitch, int beat) => new(channel, pitch, 100, beat * 480L, beat * 480L + 60);
        List<MidiNote> notes =
        [
            Note(MidiNote.DrumChannel, 36, 0), Note(MidiNote.DrumChannel, 38, 1), Note(MidiNote.DrumChannel, 36, 2),
            Note(MidiNote.DrumChannel, 36, 3), Note(0, 36, 1), Note(MidiNote.DrumChannel, 20, 2),
        ];
        var song = new MidiSong("beat", 0, 1, new TempoMap(480, []), [TimeSignature.Default], notes, [], 4 * 480);

        var histogram = PieceFeatures.DrumClassHistogram(song);

        var expected = new double[DrumMapping.ClassCount];
        expected[DrumMapping.ClassOf(36)] = 0.75;
        expected[DrumMapping.ClassOf(38)] = 0.25;
        Assert.That(histogram, Is.EqualTo(expected));
        var placed = GrooveEncoder.Place(song).Hits;
        Assert.That(placed.Count, Is.EqualTo(4), "the hits a drum model and a segment count");
    }
}
