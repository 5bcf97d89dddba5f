using System.Text.Json;
using System.Text.Json.Nodes;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// Resolves the options of a run from layers, each overriding the one before: the preset, then a JSON config file
/// (any subset of the options' snake_case keys), then the flags the user gave (also as a JSON object of keys).
/// </summary>
public static class TrainingOptionsResolver
{
    /// <summary>
    /// preset &lt; file &lt; flags; the result is validated. Unknown keys are an error naming them and where they came
    /// from, and so is a file's or a flag's option the resolved run does not read (another dataset's, another
    /// schedule's: <see cref="UnreadTrainingOptions"/>).
    /// </summary>
    public static TrainingOptions Resolve(TrainingOptions preset, string? configFile, JsonObject flags)
    {
        var merged = JsonNode.Parse(preset.ToJson())!.AsObject();
        var file = configFile is null ? null : ReadFile(configFile);
        if (file is not null) Overlay(merged, file, configFile!);
        Overlay(merged, flags, "the command-line flags");
        var options = TrainingOptions.FromJson(merged.ToJsonString(),
            configFile is null ? "the training options" : $"the options from {configFile} and the flags");
        if (file is not null) UnreadTrainingOptions.Check(options, file, configFile!);
        UnreadTrainingOptions.Check(options, flags, "the command-line flags");
        return options;
    }

    /// <summary>Copies every key of layer onto target, replacing what was there.</summary>
    public static void Overlay(JsonObject target, JsonObject layer, string source)
    {
        foreach (var (key, value) in layer)
        {
            if (!target.ContainsKey(key))
                throw new InvalidDataException(
                    $"{source}: unknown training option '{key}'; known options: "
                    + $"{string.Join(", ", target.Select(pair => pair.Key))}");
            target[key] = value?.DeepClone();
        }
    }

    private static JsonObject ReadFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such config file");
        try
        {
            return JsonNode.Parse(TextFileLimit.Read(path, "config file"),
                documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new InvalidDataException(
                    $"{path}: a config file must hold one JSON object of training options");
        }
        catch (JsonException error) { throw new InvalidDataException($"{path}: not valid JSON: {error.Message}"); }
    }
}
