using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Training.Checkpoints;

/// <summary>What an export wrote: the file, its parameter count and its size in bytes.</summary>
public sealed record ExportedModel(string Path, int Parameters, long Bytes);

/// <summary>
/// A weights-only copy of a model file: the parameters, the config and the music representation (every model metadata
/// key but the training state an old single-file checkpoint also held), in float32 or float16. Every command reads
/// both.
/// </summary>
public static class ModelExport
{
    /// <summary>
    /// Reads <paramref name="source"/> (a model file or a run folder) on <paramref name="backend"/> and writes it to
    /// <paramref name="output"/> atomically in <paramref name="precision"/>; a damaged source or a weight beyond
    /// float16's range is a clear error, and nothing is written then; so is a source whose metadata the commands
    /// cannot read (<see cref="TrainedModel.Of"/>: representation, encoder, offset weight).
    /// </summary>
    public static ExportedModel Write(string source, string output, StoredPrecision precision, IComputeBackend backend)
    {
        string file = TrainedModel.FileOf(source);
        var checkpoint = ModelCheckpoint.Load(file, backend);
        using var trained = TrainedModel.Of(checkpoint, file);   // a copy no command could read is refused
        var model = trained.Model;
        var metadata = checkpoint.Metadata
            .Where(pair => pair.Key is not (ModelCheckpoint.FormatKey or ModelCheckpoint.ConfigKey))
            .Where(pair => !TrainingCheckpoint.IsTrainingMetadata(pair.Key))
            .ToDictionary();
        ModelCheckpoint.Save(output, model, extraMetadata: metadata, precision: precision);
        return new ExportedModel(output, model.Parameters.TotalCount, new FileInfo(output).Length);
    }
}
