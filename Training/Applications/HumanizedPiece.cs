using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// A humanized piece (<see cref="Humanization"/>): its reconstruction, and the velocity and offset errors and the
/// accents, on the played hits, of the quantized input and of the humanized output against the piece as played, one
/// grid per bar.
/// </summary>
public sealed record HumanizedPiece(PieceReconstruction Result, GrooveHitMetrics Quantized,
    GrooveHitMetrics Humanized);
