using System.Text.Json;
using System.Text.Json.Serialization;

namespace TcnWtaNative.Midi.Representations;

/// <summary>The ways a piece becomes a signal [C, T] (DESIGN section 3).</summary>
public enum RepresentationKind
{
    /// <summary>The Groove drum grid: 27 channels, one step per 16th note.</summary>
    Groove,
    /// <summary>Performance RNN's 388-event one-hot: one column per event.</summary>
    Events,
    /// <summary>The piano roll: 176 channels, frames at a fixed rate.</summary>
    Pianoroll,
    /// <summary>The onset roll: 264 channels (onsets, their velocities, offsets), frames at a fixed rate.</summary>
    OnsetRoll,
}

/// <summary>
/// Which representation a model was trained on, stored as JSON beside the model config in every checkpoint
/// (metadata key <see cref="MetadataKey"/>), so any command can turn a new MIDI file into the model's input.
/// </summary>
public sealed record RepresentationSettings(RepresentationKind Kind,
    double FramesPerSecond = Piano.PianoRoll.DefaultFramesPerSecond)
{
    /// <summary>The checkpoint metadata key.</summary>
    public const string MetadataKey = "representation";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // a settings object without its kind is refused, not read as the enum's first value (Groove)
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The settings as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// Reads what <see cref="ToJson"/> wrote; anything else, a settings object without its kind among them, is an
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static RepresentationSettings FromJson(string json)
    {
        RepresentationSettings? settings;
        try { settings = JsonSerializer.Deserialize<RepresentationSettings>(json, Json); }
        catch (JsonException error) { throw new InvalidDataException(
            $"the representation settings are invalid: {Problem(error, json)}"); }
        if (settings is null || !Enum.IsDefined(settings.Kind))
            throw new InvalidDataException($"the representation settings are invalid: {json}");
        if (!(settings.FramesPerSecond > 0 && settings.FramesPerSecond <= 10_000))
            throw new InvalidDataException(
                $"the piano roll frame rate must lie in (0, 10000], got {settings.FramesPerSecond}");
        return settings;
    }

    // the serializer's error in plain words, naming the key and the values it takes, never a .NET type name
    private static string Problem(JsonException error, string json)
    {
        bool kindMissing;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            kindMissing = root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("kind", out _);
        }
        catch (JsonException) { return "not valid JSON"; }
        if (kindMissing) return $"'kind' is missing; it must be one of {KindNames()}";
        return error.Path switch
        {
            "$.kind" => $"'kind' must be one of {KindNames()}",
            "$.frames_per_second" => "'frames_per_second' must be a number",
            _ => $"not one JSON object of kind and frames_per_second: {json}",
        };
    }

    // "groove", "events", ... as the settings' JSON names them
    private static string KindNames() => string.Join(", ", Enum.GetNames<RepresentationKind>()
        .Select(name => $"\"{JsonNamingPolicy.KebabCaseLower.ConvertName(name)}\""));
}
