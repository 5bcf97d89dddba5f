using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TcnWtaNative.Engine;

/// <summary>
/// Turns the serializer's error about a JSON object of settings (training options and state, a model config) into
/// a sentence naming the key, the type it needs and the value it got, in place of a .NET type name and a byte
/// position.
/// </summary>
public static class JsonObjectError
{
    /// <summary>
    /// "training option 'epochs' must be a whole number, got "ten"", for the <paramref name="json"/> that
    /// <paramref name="error"/> came from, read as a <paramref name="settings"/> with <paramref name="options"/>;
    /// <paramref name="noun"/> names one key ("training option").
    /// </summary>
    public static string Describe(JsonException error, string json, Type settings, JsonSerializerOptions options,
        string noun)
    {
        if (!IsJson(json)) return "not valid JSON";
        string path = error.Path is { Length: > 2 } p ? p[2..] : "";   // "$.epochs", "$.tcn_widths[1]", "$.atoms.wins"
        string key = path.Split('[', '.')[0];
        var property = settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(candidate => options.PropertyNamingPolicy!.ConvertName(candidate.Name) == key);
        if (property is null)
            return key.Length > 0 ? $"unknown {noun} '{key}'" : $"not one JSON object of {noun}s";
        if (path.Contains('.')) return $"{noun} '{key}' holds a value of the wrong kind at '{path}'";
        return $"{noun} '{key}' must be {Expected(property.PropertyType)}, got {ValueOf(json, key)}";
    }

    private static bool IsJson(string json)
    {
        try { JsonNode.Parse(json); return true; }
        catch (JsonException) { return false; }
    }

    private static string Expected(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return $"{Expected(inner)} or null";
        if (type == typeof(int)) return "a whole number";
        if (type == typeof(float) || type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "a string";
        if (type == typeof(int[])) return "a list of whole numbers";
        if (type.IsEnum)
            return "one of "
                + string.Join(", ",
                Enum.GetNames(type).Select(name => $"\"{JsonNamingPolicy.KebabCaseLower.ConvertName(name)}\""));
        return "an object of its own fields";
    }

    private static string ValueOf(string json, string key)
        => JsonNode.Parse(json) is JsonObject settings && settings[key] is { } value ? value.ToJsonString() : "null";
}
