namespace TcnWtaNative.Training.Analysis;

/// <summary>
/// A MIDI file of a dataset with the label under study, its split (train, validation or test) and the group of
/// pieces it belongs to, which cross-validation by group never splits (<see cref="PieceGrouping"/>: Groove's recording
/// session, MAESTRO's composition; empty when unknown).
/// </summary>
public sealed record LabeledPiece(string Path, string Label, string Split, string Group = "");
