using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>A roll at a fixed frame rate (piano roll, onset roll): its signal is rendered from the piece's notes.</summary>
public interface IRollRepresentation : IMusicRepresentation
{
    /// <summary>
    /// Windows of the roll of <paramref name="notes"/> (sustain already applied, as <see cref="Piano.PerformanceNotes"/>
    /// prepares them), rendered on request: what <see cref="IMusicRepresentation.Windows"/> gives for a song.
    /// </summary>
    RollWindows Windows(IReadOnlyList<TimedNote> notes);
}
