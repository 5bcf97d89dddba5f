using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A humanized piece (<see cref="Humanization"/>): its reconstruction, the quantized input [27, T] it coded, and the
/// velocity and offset errors and the accents, on the played hits, of that input and of the humanized output against
/// the piece as played, one grid per bar.
/// </summary>
public sealed record HumanizedPiece(PieceReconstruction Result, EncodedPiece QuantizedInput,
    GrooveHitMetrics Quantized, GrooveHitMetrics Humanized);
