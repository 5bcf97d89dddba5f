using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Representations;

/// <summary>
/// A piece as a model input: <see cref="Signal"/> is row-major [<see cref="Channels"/>, <see cref="Length"/>]. The
/// tempo and meter come from the source file (Groove decodes at them); piano encodings keep 120 bpm and 4/4.
/// </summary>
public sealed record EncodedPiece(float[] Signal, int Channels, int Length, double Bpm, TimeSignature Meter)
{
    /// <summary>
    /// A Groove encoding's tempo changes and meters, which its drum outputs follow (<see cref="GrooveTiming"/>); null
    /// for piano encodings, whose outputs are written in seconds, and for pieces built from a bare signal.
    /// </summary>
    public GrooveTiming? Timing { get; init; }

    /// <summary>Channel <paramref name="channel"/>'s row of the signal.</summary>
    public ReadOnlySpan<float> Row(int channel) => Signal.AsSpan(channel * Length, Length);
}
