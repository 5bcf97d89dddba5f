using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// Turns the serializer's error about an options document into a sentence naming the key, the type it needs and the
/// value it got, in place of a type name and a byte position in the merged document.
/// </summary>
public static class OptionsJsonError
{
    /// <summary>"training option 'epochs' must be a whole number, got "ten"".</summary>
    public static string Describe(JsonException error, string json)
    {
        string path = error.Path is { Length: > 2 } p ? p[2..] : "";   // "$.epochs" or "$.tcn_widths[1]"
        string key = path.Split('[')[0];
        var property = typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(candidate => TrainingOptions.Json.PropertyNamingPolicy!.ConvertName(candidate.Name) == key);
        if (property is null)
            return key.Length > 0 ? $"unknown training option '{key}'"
                : "the training options are not one JSON object of options";
        return $"training option '{key}' must be {Expected(property.PropertyType)}, got {ValueOf(json, key)}";
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
        return $"a {type.Name}";
    }

    private static string ValueOf(string json, string key)
    {
        try { return JsonNode.Parse(json) is JsonObject options && options[key] is { } value ? value.ToJsonString()
            : "null"; }
        catch (JsonException) { return "a value that is not JSON"; }
    }
}
