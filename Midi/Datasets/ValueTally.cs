using System.Globalization;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>The values a dataset's files take in one field, counted, for an error that says what there is.</summary>
public static class ValueTally
{
    /// <summary>How many values are listed before "and N more".</summary>
    public const int Shown = 12;

    /// <summary>"4-4 (897), 3-4 (26)": each value and its files, most first, at most <see cref="Shown"/> of them.
    /// </summary>
    public static string Of(IEnumerable<string> values)
    {
        var counts = values.GroupBy(value => value, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal).ToList();
        string shown = string.Join(", ", counts.Take(Shown)
            .Select(group => string.Create(CultureInfo.InvariantCulture, $"{group.Key} ({group.Count()})")));
        return counts.Count > Shown ? $"{shown} and {counts.Count - Shown} more" : shown;
    }
}
