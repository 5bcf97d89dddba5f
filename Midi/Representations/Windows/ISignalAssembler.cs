using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// Takes a signal [C, T] (a model's output) a window of steps at a time, in order, and keeps only what its notes need
/// (the events' indices, the Groove hits, the piano roll's open notes), so a long piece decodes without its dense
/// signal: the notes and the song are those of <see cref="IMusicRepresentation.ToNotes"/> and
/// <see cref="IMusicRepresentation.ToSong"/> of the whole signal (<see cref="IMusicRepresentation.Assembler"/>).
/// </summary>
public interface ISignalAssembler
{
    /// <summary>Steps taken so far.</summary>
    int Length { get; }

    /// <summary>Takes the next <paramref name="count"/> steps, <paramref name="window"/> [C, count].</summary>
    void Append(ReadOnlySpan<float> window, int count);

    /// <summary>The notes of every step taken, in seconds.</summary>
    IReadOnlyList<TimedNote> Notes();

    /// <summary>Every step taken as a MIDI song named <paramref name="name"/>.</summary>
    MidiSong Song(string name);
}
