using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// What a run trains on: the training set, the validation set (null when there is none), the music representation
/// the signals are in (saved in every checkpoint), and a one-line description per set for the log.
/// </summary>
public sealed record TrainingData(IBatchSource Train, IBatchSource? Validation, RepresentationSettings Representation,
    IReadOnlyList<string> Description);
