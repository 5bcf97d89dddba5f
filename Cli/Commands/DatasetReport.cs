using System.Globalization;
using System.Text;
using System.Text.Json;
using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Cli.Commands;

/// <summary>A table of counts: one row per label, one column per measure.</summary>
public sealed record DatasetTable(string Title, string[] Columns, List<(string Label, double[] Values)> Rows);

/// <summary>What "dataset stats" prints, as plain text tables or as one JSON object.</summary>
public sealed class DatasetReport
{
    public required string Title { get; init; }
    public List<(string Name, object Value)> Summary { get; } = [];
    public List<DatasetTable> Tables { get; } = [];
    public SortedDictionary<int, long> DroppedByPitch { get; } = [];
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>
    /// Counts grouped by label, in descending order of the first column; past <paramref name="top"/> labels the rest
    /// become "other".
    /// </summary>
    public static DatasetTable Group<T>(string title, IEnumerable<T> items, Func<T, string> label, string[] columns,
        Func<T, double[]> values, int top = int.MaxValue)
    {
        var groups = items.GroupBy(label)
            .Select(g => (Label: g.Key, Values: g.Select(values).Aggregate((a, b) => [.. a.Zip(b, (x, y) => x + y)])))
            .OrderByDescending(g => g.Values[0]).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
        if (groups.Count > top)
            groups = [.. groups.Take(top),
                ($"other ({groups.Count - top})",
                groups.Skip(top).Select(g => g.Values).Aggregate((a, b) => [.. a.Zip(b, (x, y) => x + y)]))];
        if (groups.Count > 1)
            groups.Add(("total", [.. Enumerable.Range(0, columns.Length).Select(c => groups.Sum(g => g.Values[c]))]));
        return new DatasetTable(title, columns, groups);
    }

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder().AppendLine(Title);
        foreach (var (name, value) in Summary) text.AppendLine(string.Create(inv, $"  {name}: {value}"));
        foreach (var table in Tables)
        {
            text.AppendLine();
            var cells = table.Rows.Select(r => r.Values.Select(v => v.ToString(v == Math.Floor(v) ? "N0" : "N1", inv))
                .ToArray()).ToList();
            int labelWidth = Math.Max(table.Title.Length,
                table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Label.Length));
            var widths = table.Columns.Select(
                (c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
            text.AppendLine(table.Title.PadRight(labelWidth)
                + string.Concat(table.Columns.Select((c, i) => "  " + c.PadLeft(widths[i]))));
            for (int r = 0; r < table.Rows.Count; r++)
                text.AppendLine(table.Rows[r].Label.PadRight(labelWidth)
                    + string.Concat(cells[r].Select((c, i) => "  " + c.PadLeft(widths[i]))));
        }
        text.AppendLine();
        text.AppendLine(DroppedByPitch.Count == 0 ? "dropped pitches: none"
            : $"dropped pitches ({DroppedByPitch.Values.Sum()} notes): "
                + string.Join(", ", DroppedByPitch.Select(p => $"{p.Key}: {p.Value}")));
        text.AppendLine(Skipped.Count == 0 ? "skipped files: none" : $"skipped files ({Skipped.Count}):");
        foreach (var skip in Skipped) text.AppendLine(PrintableText.Of($"  {skip.File}: {skip.Reason}"));
        return text.ToString().TrimEnd();
    }

    /// <summary>The report as indented JSON, every key snake_case ("encoded in" as "encoded_in").</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        title = Title,
        summary = Summary.ToDictionary(s => SnakeCase(s.Name), s => s.Value),
        tables = Tables.ToDictionary(t => SnakeCase(t.Title), t => t.Rows.Select(r => new Dictionary<string, object>(
            [new("label", r.Label),
                .. t.Columns.Select((c, i) => new KeyValuePair<string, object>(SnakeCase(c), r.Values[i]))]))),
        dropped_by_pitch = DroppedByPitch.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
        skipped = Skipped.Select(s => new { file = s.File, reason = s.Reason }),
    }, new JsonSerializerOptions { WriteIndented = true });

    // "notes off the drum channel 10, dropped" -> "notes_off_the_drum_channel_10_dropped"
    private static string SnakeCase(string name)
        => System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "_").Trim('_');
}
