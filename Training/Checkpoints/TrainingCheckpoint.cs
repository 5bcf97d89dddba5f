using System.Security.Cryptography;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Configuration;
using TcnWtaNative.Training.Initialization;
using TcnWtaNative.Training.Optimization;

namespace TcnWtaNative.Training.Checkpoints;

/// <summary>
/// A training checkpoint read back: the model, Adam's moments, where the run stood and the options it ran with.
/// </summary>
public sealed record ResumePoint(Autoencoder Model, float[] FirstMoment, float[] SecondMoment, TrainingState State,
    TrainingOptions Options, RepresentationSettings Representation);

/// <summary>
/// A training checkpoint as two files, each written atomically: the model file (<see cref="ModelCheckpoint"/>:
/// parameters, config, the music representation and the application coder <see cref="ModelEncoder.MetadataKey"/>, the
/// pursuit's offset weight when it is not 1 (<see cref="ModelOffsetWeight.MetadataKey"/>), and where an interrupted
/// atom initializer stopped (<see cref="InitializerStop.MetadataKey"/>, only then), nothing else,
/// so it is as small as its weights) and beside it the state file <see cref="StatePathOf"/> with what resuming needs:
/// Adam's first and second moments as tensors <see cref="FirstMomentName"/> and <see cref="SecondMomentName"/> [P], and
/// in the metadata the <see cref="TrainingState"/>, the resolved <see cref="TrainingOptions"/> and the SHA-256 of the
/// model's float32 parameters, which ties the state to the weights it was saved with. Both are written to temporary
/// files before either replaces its old version (<see cref="AtomicFile.WriteAll"/>), so a failed save leaves the old
/// pair whole; only a crash between the two renames leaves a pair that does not match, which resuming refuses.
/// Checkpoints from before the split, one file holding both, still resume.
/// </summary>
public static class TrainingCheckpoint
{
    public const string FirstMomentName = "optimizer.first_moment";
    public const string SecondMomentName = "optimizer.second_moment";
    public const string StateKey = "training_state";
    public const string OptionsKey = "training_options";
    /// <summary>
    /// The state file's metadata key holding the SHA-256 (hex) of the model parameters it belongs to.
    /// </summary>
    public const string ModelHashKey = "model_sha256";
    /// <summary>The state file's format, under <see cref="ModelCheckpoint.FormatKey"/>.</summary>
    public const string StateFormatValue = "tcnwta-training-state/1";

    /// <summary>The state file beside a model file: model.safetensors -> model.state.safetensors.</summary>
    public static string StatePathOf(string modelPath) => Path.ChangeExtension(modelPath, ".state.safetensors");

    /// <summary>
    /// True for the metadata keys that belong to the training state, not to the model (also in old single-file
    /// checkpoints).
    /// </summary>
    public static bool IsTrainingMetadata(string key) => key is StateKey or OptionsKey or ModelHashKey;

    /// <summary>Writes the state file and the model file together (<see cref="AtomicFile.WriteAll"/>).</summary>
    public static void Save(string path, Autoencoder model, AdamOptimizer optimizer, TrainingState state,
        TrainingOptions options, RepresentationSettings representation)
        => AtomicFile.WriteAll(Files(path, model, optimizer, state, options, representation));

    /// <summary>
    /// The state file and the model file <see cref="Save"/> writes, the model last, made up front for a caller that
    /// writes them as part of a larger set.
    /// </summary>
    public static IReadOnlyList<(string Path, Action<Stream> WriteContents)> Files(string path, Autoencoder model,
        AdamOptimizer optimizer, TrainingState state, TrainingOptions options, RepresentationSettings representation)
    {
        var backend = model.Backend;
        int count = model.Parameters.TotalCount;
        var firstMoment = new float[count];
        var secondMoment = new float[count];
        backend.Download(optimizer.FirstMoment, firstMoment);
        backend.Download(optimizer.SecondMoment, secondMoment);
        var stateContents = SafetensorsFile.Contents(
            [new NamedTensor(FirstMomentName, [count], firstMoment),
                new NamedTensor(SecondMomentName, [count], secondMoment)],
            new Dictionary<string, string>
            {
                [ModelCheckpoint.FormatKey] = StateFormatValue,
                [ModelHashKey] = ParameterHash(model),
                [StateKey] = state.ToJson(),
                [OptionsKey] = options.ToJson(),
            });
        var representationMetadata = new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = representation.ToJson(),
            [ModelEncoder.MetadataKey] = ModelEncoder.Name(options.Encoder),
        };
        if (representation.Kind == RepresentationKind.Groove)
            representationMetadata[ModelMeter.MetadataKey] = options.Meter;
        if (options.OffsetWeight != ModelOffsetWeight.Plain)
            representationMetadata[ModelOffsetWeight.MetadataKey] = ModelOffsetWeight.Text(options.OffsetWeight);
        if (state.InitializerStopped is { } stop) representationMetadata[InitializerStop.MetadataKey] = stop.ToJson();
        var modelContents = ModelCheckpoint.Contents(model, extraMetadata: representationMetadata);
        return [(StatePathOf(path), stateContents), (path, modelContents)];
    }

    /// <summary>
    /// Reads a model file and its state file to resume from; a missing, damaged or mismatched state file (or an old
    /// single-file checkpoint without optimizer state or training state) is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static ResumePoint Load(string path, IComputeBackend backend)
    {
        var checkpoint = ModelCheckpoint.Load(path, backend);
        try
        {
            var (source, tensors, metadata) = ReadState(path, checkpoint);
            int count = checkpoint.Model.Parameters.TotalCount;
            float[] Moment(string name) => tensors.TryGetValue(name, out var tensor)
                ? tensor.Values.Length == count ? tensor.Values
                    : throw new InvalidDataException(
                        $"{source}: {name} holds {tensor.Values.Length} values, the model has {count} parameters")
                : throw new InvalidDataException(
                    $"{source}: no optimizer state ({name}); only a checkpoint written by "
                    + "'tcnwta train' can be resumed");
            string Metadata(string key) => metadata.TryGetValue(key, out var value) ? value
                : throw new InvalidDataException(
                    $"{source}: no {key} in the checkpoint; only a checkpoint written by "
                    + "'tcnwta train' can be resumed");
            float[] first = Moment(FirstMomentName), second = Moment(SecondMomentName);
            var state = TrainingState.FromJson(Metadata(StateKey), source);
            int atoms = checkpoint.Model.Config.Atoms;
            if (state.Atoms is { } activity && activity.Wins.Length != atoms)
                throw new InvalidDataException(
                    $"{source}: the training state counts the wins of {activity.Wins.Length} "
                    + $"atoms, the model has {atoms}");
            var options = TrainingOptions.FromJson(Metadata(OptionsKey), source);
            return new ResumePoint(checkpoint.Model, first, second, state, options,
                MusicRepresentations.FromMetadata(checkpoint.Metadata, path).Settings);
        }
        catch
        {
            checkpoint.Model.Dispose();
            throw;
        }
    }

    // the state file's tensors and metadata, checked against the model; an old single-file checkpoint's own
    private static (string Source, IReadOnlyDictionary<string, NamedTensor> Tensors,
        IReadOnlyDictionary<string, string> Metadata)
        ReadState(string path, LoadedCheckpoint checkpoint)
    {
        string statePath = StatePathOf(path);
        if (!File.Exists(statePath))
        {
            if (checkpoint.Metadata.ContainsKey(StateKey)) return (path, checkpoint.ExtraTensors, checkpoint.Metadata);
            throw new InvalidDataException($"{path}: no training state beside it ({statePath} is missing); "
                + "only a checkpoint written by 'tcnwta train' can be resumed, with the state file it wrote");
        }
        var (tensors, metadata) = SafetensorsFile.Read(statePath);
        if (!metadata.TryGetValue(ModelCheckpoint.FormatKey, out var format) || format != StateFormatValue)
            throw new InvalidDataException(
                $"{statePath}: not a tcnwta training state (format '{format ?? "missing"}', "
                + $"expected '{StateFormatValue}')");
        if (!metadata.TryGetValue(ModelHashKey, out var hash) || hash != ParameterHash(checkpoint.Model))
            throw new InvalidDataException(
                $"{statePath} does not belong to {path}: it was saved with other weights (a save "
                + "cut short between the two files, or files from different runs); the model still loads "
                + "for every other command, "
                + "but it cannot be resumed");
        return (statePath, tensors, metadata);
    }

    // SHA-256 (hex) of the model's float32 parameter values in parameter order
    private static string ParameterHash(Autoencoder model)
    {
        var values = new float[model.Parameters.TotalCount];
        model.Backend.Download(model.Parameters.Values, values);
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
