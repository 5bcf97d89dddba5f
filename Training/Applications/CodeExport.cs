using System.Globalization;
using System.Text;
using System.Text.Json;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// One encoded file: its path, its sparse code [N, L] as a tally of its non-zero entries (gathered window by window, so
/// a long piece's dense code is never held), and its labels from a metadata CSV (empty without one).
/// </summary>
public sealed record EncodedFile(string File, CodeTally Code, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Sparse codes as files a spreadsheet or Python reads. JSON: the mean atom-usage vector over all files and, per
/// file, its labels, columns, mean code column [N] and non-zero entries (column, atom, value). CSV: one row per
/// non-zero entry (file, labels..., column, atom, value), and beside it "NAME-usage.csv" with each file's mean
/// code column (file, labels..., atom_0 .. atom_N-1).
/// </summary>
public static class CodeExport
{
    /// <summary>The mean of the files' mean code columns: [N].</summary>
    public static double[] MeanUsage(IReadOnlyList<EncodedFile> files)
    {
        var mean = new double[files[0].Code.Atoms];
        foreach (var file in files)
        {
            var column = file.Code.MeanColumn();
            for (int n = 0; n < mean.Length; n++) mean[n] += column[n] / files.Count;
        }
        return mean;
    }

    /// <summary>
    /// The atom-usage CSV written beside a CSV <paramref name="path"/> (NAME-usage.csv); null for JSON, which holds it.
    /// </summary>
    public static string? UsagePathOf(string path)
        => Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase)
        ? Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-usage.csv")
        : null;

    /// <summary>Writes JSON or CSV by the extension of <paramref name="path"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string path, IReadOnlyList<EncodedFile> files,
        IReadOnlyList<string> labels)
    {
        if (files.Count == 0) throw new ArgumentException("no encoded files to write");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".json")
        {
            AtomicFile.WriteAll([AtomicFile.Text(path, Json(files))]);
            return [path];
        }
        if (extension != ".csv") throw new ArgumentException($"{path}: the output must end in .json or .csv");
        string usagePath = UsagePathOf(path)!;
        AtomicFile.WriteAll([AtomicFile.Text(path, EntriesCsv(files, labels)),
            AtomicFile.Text(usagePath, UsageCsv(files, labels))]);
        return [path, usagePath];
    }

    private static string Json(IReadOnlyList<EncodedFile> files) => JsonSerializer.Serialize(new
    {
        atoms = files[0].Code.Atoms,
        mean_usage = MeanUsage(files),
        files = files.Select(f => new
        {
            file = f.File,
            labels = f.Labels,
            columns = f.Code.Columns,
            mean_column = f.Code.MeanColumn(),
            entries = f.Code.Entries.Select(e => new { column = e.Column, atom = e.Atom, value = e.Value }),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static string EntriesCsv(IReadOnlyList<EncodedFile> files, IReadOnlyList<string> labels)
    {
        var text = new StringBuilder(Row(["file", .. labels, "column", "atom", "value"]));
        foreach (var f in files)
            foreach (var (column, atom, value) in f.Code.Entries)
                text.Append(Row([f.File, .. LabelFields(f, labels), Number(column), Number(atom), Number(value)]));
        return text.ToString();
    }

    private static string UsageCsv(IReadOnlyList<EncodedFile> files, IReadOnlyList<string> labels)
    {
        int atoms = files[0].Code.Atoms;
        var text = new StringBuilder(Row(["file", .. labels, .. Enumerable.Range(0, atoms).Select(n => $"atom_{n}")]));
        foreach (var f in files)
            text.Append(Row([f.File, .. LabelFields(f, labels), .. f.Code.MeanColumn().Select(v => Number(v))]));
        return text.ToString();
    }

    private static IEnumerable<string> LabelFields(EncodedFile file, IReadOnlyList<string> labels)
        => labels.Select(l => file.Labels.GetValueOrDefault(l, ""));

    private static string Number(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

    private static string Row(IEnumerable<string> fields)
        => string.Join(',',
            fields.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{f.Replace("\"", "\"\"")}\"" : f))
            + "\n";
}
