using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// A loaded checkpoint: the model, plus whatever else was saved beside it (optimizer state, training statistics).
/// </summary>
public sealed record LoadedCheckpoint(Autoencoder Model, IReadOnlyDictionary<string, NamedTensor> ExtraTensors,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// A model as one .safetensors file: every parameter by its stable name ("encoder.weight", "decoder.weight",
/// "tcn.0.conv1.weight", ...), the config as JSON in __metadata__["config"], and optional extra tensors and
/// metadata from the trainer. Loading checks the format, the config and every parameter's shape.
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>The metadata key naming the file format.</summary>
    public const string FormatKey = "format";
    /// <summary>The format this version writes and reads.</summary>
    public const string FormatValue = "tcnwta-autoencoder/1";
    /// <summary>The metadata key holding the model config as JSON.</summary>
    public const string ConfigKey = "config";

    /// <summary>
    /// Writes the model's parameters, config and any extra tensors and metadata to one .safetensors file, atomically,
    /// its values in <paramref name="precision"/> (float32 unless asked otherwise).
    /// </summary>
    public static void Save(string path, Autoencoder model, IReadOnlyList<NamedTensor>? extraTensors = null,
        IReadOnlyDictionary<string, string>? extraMetadata = null, StoredPrecision precision = StoredPrecision.Float32)
        => AtomicFile.Write(path, Contents(model, extraTensors, extraMetadata, precision));

    /// <summary>
    /// The bytes <see cref="Save"/> writes, as a writer for <see cref="AtomicFile"/> (the parameters are read now).
    /// </summary>
    public static Action<Stream> Contents(Autoencoder model, IReadOnlyList<NamedTensor>? extraTensors = null,
        IReadOnlyDictionary<string, string>? extraMetadata = null, StoredPrecision precision = StoredPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = new float[model.Parameters.TotalCount];
        using (model.Use()) model.Backend.Download(model.Parameters.Values, values);
        var tensors = model.Parameters.All
            .Select(p => new NamedTensor(p.Name, p.Shape, values.AsSpan(p.Offset, p.Count).ToArray()))
            .Concat(extraTensors ?? [])
            .ToList();
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>())
        {
            [FormatKey] = FormatValue,
            [ConfigKey] = (model.Config with { TopK = model.TopK }).ToJson(),   // the k in use now, e.g. the
                                                                                // end of a decaying schedule
        };
        return SafetensorsFile.Contents(tensors, metadata, precision);
    }

    /// <summary>
    /// Reads a checkpoint onto <paramref name="backend"/>; a damaged or mismatched file is an
    /// <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static LoadedCheckpoint Load(string path, IComputeBackend backend)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(backend);
        if (File.Exists(path) && !SafetensorsFile.HasSafetensorsStart(path))
            throw new InvalidDataException($"{path}: not a tcnwta model: not a safetensors file");
        var (tensors, metadata) = SafetensorsFile.Read(path);
        if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatValue)
            throw new InvalidDataException(
                $"{path}: not a tcnwta model checkpoint (format '{format ?? "missing"}', expected '{FormatValue}')");
        if (!metadata.TryGetValue(ConfigKey, out var configJson))
            throw new InvalidDataException($"{path}: the checkpoint has no model config");
        AutoencoderConfig config;
        try { config = AutoencoderConfig.FromJson(configJson); }
        catch (Exception error) when (error is InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: the model config is invalid: {error.Message}");
        }
        var model = new Autoencoder(config, backend, seed: 0);
        var values = new float[model.Parameters.TotalCount];
        foreach (var parameter in model.Parameters.All)
        {
            if (!tensors.Remove(parameter.Name, out var tensor))
                throw new InvalidDataException($"{path}: the checkpoint lacks parameter {parameter}");
            if (!tensor.Shape.SequenceEqual(parameter.Shape))
                throw new InvalidDataException(
                    $"{path}: parameter {parameter.Name} has shape [{string.Join(", ", tensor.Shape)}], the config "
                    + $"needs [{string.Join(", ", parameter.Shape)}]");
            RequireInRange(path, parameter.Name, tensor.Values);
            tensor.Values.CopyTo(values, parameter.Offset);
        }
        backend.Upload(values, model.Parameters.Values);
        return new LoadedCheckpoint(model, tensors, metadata);
    }

    /// <summary>
    /// The largest weight magnitude a model file may hold. Trained weights are of order 1; one past this overflows
    /// float32 in the model's sums (codes, reconstructions, their squared errors) and comes from a damaged file (a
    /// flipped exponent bit turns 0.1 into 8e36) or a diverged run, never from training.
    /// </summary>
    public const float MaxWeightMagnitude = 1e15f;

    private static void RequireInRange(string path, string name, float[] values)
    {
        int at = Array.FindIndex(values, value => Math.Abs(value) > MaxWeightMagnitude);
        if (at >= 0)
            throw new InvalidDataException(FormattableString.Invariant(
                $"{path}: parameter {name} holds {values[at]:G3} at value {at}, beyond the ±{MaxWeightMagnitude:G0} ")
                + "a model's weights lie in (the model's sums would overflow): the file is damaged or its run "
                + "diverged");
    }
}
