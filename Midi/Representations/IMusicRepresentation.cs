using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>
/// A MIDI song to a signal [C, T] and back. Decoding accepts any real-valued signal of the right shape (a model's
/// reconstruction), not only exact encodings.
/// </summary>
public interface IMusicRepresentation
{
    /// <summary>What this representation is and its parameters.</summary>
    RepresentationSettings Settings { get; }

    /// <summary>C: channels of the signal.</summary>
    int Channels { get; }

    /// <summary>Time steps per second at <paramref name="bpm"/>, to say how long a frame of K steps lasts.</summary>
    double StepsPerSecond(double bpm);

    /// <summary>
    /// The whole song as a signal; a song the encoding cannot use is a <see cref="MidiFormatException"/>.
    /// </summary>
    EncodedPiece Encode(MidiSong song);

    /// <summary>
    /// The song's signal as <see cref="Encode"/> gives it, handed out in windows of steps and built per window where
    /// the encoding allows (events, piano roll), so a long piece is never held as one dense signal.
    /// </summary>
    ISignalWindows Windows(MidiSong song);

    /// <summary>
    /// Decodes a signal given window by window, at <paramref name="bpm"/> and <paramref name="meter"/> (a piece's), or
    /// following a drum piece's tempo changes and meters where its <paramref name="timing"/> is given
    /// (<see cref="EncodedPiece.Timing"/>); piano outputs are written in seconds and need neither.
    /// </summary>
    ISignalAssembler Assembler(double bpm, TimeSignature meter, GrooveTiming? timing = null);

    /// <summary>
    /// The notes a signal [C, <paramref name="length"/>] stands for, in seconds: what note-level precision,
    /// recall and F1 compare (<see cref="NoteMatching"/>).
    /// </summary>
    IReadOnlyList<TimedNote> ToNotes(ReadOnlySpan<float> signal, int length, double bpm);

    /// <summary>
    /// A signal [C, <paramref name="length"/>] as a MIDI song any DAW opens, timed as <see cref="Assembler"/> times it.
    /// </summary>
    MidiSong ToSong(ReadOnlySpan<float> signal, int length, double bpm, TimeSignature meter, string name,
        GrooveTiming? timing = null);
}
