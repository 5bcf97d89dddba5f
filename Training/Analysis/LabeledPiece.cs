namespace TcnWtaNative.Training.Analysis;

/// <summary>A MIDI file of a dataset with the label under study and its split (train, validation or test).</summary>
public sealed record LabeledPiece(string Path, string Label, string Split);
