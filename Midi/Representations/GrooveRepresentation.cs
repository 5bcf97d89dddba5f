using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>
/// The Groove grid of the whole file [27, steps] (<see cref="GrooveEncoder"/>); decoded hits become notes of each
/// class's first pitch (<see cref="GrooveDecoder"/>), so an input and its reconstruction compare note for note.
/// </summary>
public sealed class GrooveRepresentation : IMusicRepresentation
{
    /// <inheritdoc />
    public RepresentationSettings Settings { get; } = new(RepresentationKind.Groove);

    /// <inheritdoc />
    public int Channels => GrooveGrid.Channels;

    /// <inheritdoc />
    public double StepsPerSecond(double bpm) => bpm / 60 * GrooveGrid.StepsPerQuarter;

    /// <inheritdoc />
    public EncodedPiece Encode(MidiSong song)
    {
        var grid = GrooveEncoder.Encode(song);
        var meter = grid.Bars.Count > 0 ? grid.Bars[0].Meter : TimeSignature.Default;
        return new EncodedPiece(grid.Values, Channels, grid.Steps, grid.Bpm, meter)
        {
            Timing = GrooveTiming.Of(song, grid.Bars),
        };
    }

    /// <summary>
    /// The grid <see cref="Encode"/> gives, rendered a window at a time from the file's hits (16 bytes a note).
    /// </summary>
    public ISignalWindows Windows(MidiSong song)
    {
        var hits = GrooveEncoder.Place(song);
        return new GrooveWindows(hits, GrooveTiming.Of(song, hits.Bars));
    }

    /// <inheritdoc />
    public ISignalAssembler Assembler(double bpm, TimeSignature meter, GrooveTiming? timing = null)
        => new GrooveAssembler(bpm, timing ?? GrooveTiming.Constant(bpm, meter));

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotes(ReadOnlySpan<float> signal, int length, double bpm)
        => TimedNote.FromSong(GrooveDecoder.ToSong(signal, length, bpm));

    /// <inheritdoc />
    public MidiSong ToSong(ReadOnlySpan<float> signal, int length, double bpm, TimeSignature meter, string name,
        GrooveTiming? timing = null)
        => GrooveDecoder.ToSong(signal, length, timing ?? GrooveTiming.Constant(bpm, meter), name);
}
