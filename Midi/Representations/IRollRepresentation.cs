using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>
/// A roll at a fixed frame rate (piano roll, onset roll): its signal is rendered from the piece's notes.
/// </summary>
public interface IRollRepresentation : IMusicRepresentation
{
    /// <summary>
    /// Windows of the roll of <paramref name="notes"/> (sustain already applied, as
    /// <see cref="Piano.PerformanceNotes"/> prepares them), rendered on request: what
    /// <see cref="IMusicRepresentation.Windows"/> gives for a song.
    /// </summary>
    RollWindows Windows(IReadOnlyList<TimedNote> notes);

    /// <summary>
    /// The notes of a signal [C, <paramref name="length"/>] as <see cref="IMusicRepresentation.ToNotes"/> decodes them,
    /// with a note marked where its row is above <paramref name="threshold"/> instead of 0.5 (onset roll: onsets and
    /// offsets; piano roll: onsets, the sounding level keeping its own threshold).
    /// </summary>
    IReadOnlyList<TimedNote> ToNotesAbove(ReadOnlySpan<float> signal, int length, float threshold);
}
