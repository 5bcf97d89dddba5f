using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// What a run trains on: the training set, the validation set (null when there is none), the music representation
/// the signals are in (saved in every checkpoint), a one-line description per set for the log, and the files of both
/// sets that were skipped, with why.
/// </summary>
public sealed record TrainingData(IBatchSource Train, IBatchSource? Validation, RepresentationSettings Representation,
    IReadOnlyList<string> Description, IReadOnlyList<SkippedFile> Skipped);
