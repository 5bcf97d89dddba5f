using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// A Groove grid assembled as its hits, drum class by class (<see cref="GrooveDecoder.AddHits"/>), at the piece's tempo
/// and meter.
/// </summary>
public sealed class GrooveAssembler(double bpm, TimeSignature meter) : ISignalAssembler
{
    private readonly List<MidiNote>[] _hits = GrooveDecoder.NewHitLists();

    /// <inheritdoc />
    public int Length { get; private set; }

    /// <inheritdoc />
    public void Append(ReadOnlySpan<float> window, int count)
    {
        WindowChecks.Check(GrooveGrid.Channels, Length, count, window.Length);
        GrooveDecoder.AddHits(window, count, Length, _hits);
        Length += count;
    }

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> Notes() => TimedNote.FromSong(GrooveDecoder.Song(_hits, Length, bpm));

    /// <inheritdoc />
    public MidiSong Song(string name) => GrooveDecoder.Song(_hits, Length, bpm, meter, name);
}
