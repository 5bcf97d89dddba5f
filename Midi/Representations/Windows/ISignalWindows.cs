using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// A piece's signal [<see cref="Channels"/>, <see cref="Length"/>] handed out a window of steps at a time, so that a
/// long piece is never held as one dense signal: what the windowed applications read
/// (<see cref="IMusicRepresentation.Windows"/>). Tempo and meter are the piece's, as in <see cref="EncodedPiece"/>.
/// </summary>
public interface ISignalWindows
{
    /// <summary>C: channels of the signal.</summary>
    int Channels { get; }

    /// <summary>T: steps of the whole piece.</summary>
    int Length { get; }

    /// <summary>The source's tempo (piano encodings keep 120 bpm).</summary>
    double Bpm { get; }

    /// <summary>The source's meter.</summary>
    TimeSignature Meter { get; }

    /// <summary>A Groove piece's tempo changes and meters, as <see cref="EncodedPiece.Timing"/>; null otherwise.
    /// </summary>
    GrooveTiming? Timing { get; }

    /// <summary>
    /// Steps [<paramref name="start"/>, + <paramref name="count"/>) into <paramref name="window"/> [C, count]; steps
    /// past T are zero.
    /// </summary>
    void Read(int start, int count, Span<float> window);
}
