using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// A Groove grid assembled as its hits, drum class by class (<see cref="GrooveDecoder.AddHits"/>), at the piece's tempo
/// changes and meters (<paramref name="timing"/>). Its notes, which scores and plots compare with
/// <see cref="IMusicRepresentation.ToNotes"/>'s at the piece's <paramref name="bpm"/>, are timed like those at that one
/// tempo; its song follows the timing.
/// </summary>
public sealed class GrooveAssembler(double bpm, GrooveTiming timing) : ISignalAssembler
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
    public IReadOnlyList<TimedNote> Notes() => TimedNote.FromSong(
        GrooveDecoder.Song(_hits, Length, GrooveTiming.Constant(bpm, TimeSignature.Default)));

    /// <inheritdoc />
    public MidiSong Song(string name) => GrooveDecoder.Song(_hits, Length, timing, name);
}
