using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Labels for MIDI files from a CSV (e.g. Groove's info.csv or MAESTRO's csv): the row whose file column
/// (<see cref="FileColumns"/>, the first present) names a file, by its whole relative path or by its file name,
/// gives that file's labels, every other column. A header that names a column twice, and rows that name one file
/// with different labels, are ambiguous and an <see cref="InvalidDataException"/> rather than a silent first pick.
/// </summary>
public sealed class FileMetadata
{
    /// <summary>Column names that may hold the file, in the order they are looked for.</summary>
    public static readonly string[] FileColumns = ["midi_filename", "file", "filename", "path", "midi_file"];

    // Row: the row's number in the file, the header being row 1
    private readonly List<(string Path, string[] Fields, int Row)> _rows;
    private readonly int _fileColumn;
    private readonly string _csvPath;

    private FileMetadata(IReadOnlyList<string> labels, List<(string, string[], int)> rows, int fileColumn,
        string csvPath)
    {
        Labels = labels;
        _rows = rows;
        _fileColumn = fileColumn;
        _csvPath = csvPath;
    }

    /// <summary>The label columns, in file order (the file column left out).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Reads a metadata CSV; one without a file column is an <see cref="InvalidDataException"/>.</summary>
    public static FileMetadata Load(string csvPath)
    {
        if (Directory.Exists(csvPath)) throw new InvalidDataException($"{csvPath} is a folder, not a metadata CSV");
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"{csvPath}: no such metadata file");
        // a one-word header in front, so the file's own header comes back as row 0 with its names in order
        var table = CsvTable.Parse("header\n" + TextFileLimit.Read(csvPath, "metadata CSV"), csvPath, firstLine: 0);
        if (table.Rows.Count == 0) throw new InvalidDataException($"{csvPath}: empty CSV file (no header)");
        var names = table.Rows[0].Select(h => h.Trim()).ToList();
        int column = FileColumns.Select(c => names.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        if (column < 0)
            throw new InvalidDataException(
                $"{csvPath}: no file column; name one of {string.Join(", ", FileColumns)} (found: "
                + $"{string.Join(", ", names)})");
        CsvTable.RefuseRepeatedNames(names, csvPath);
        var rows = table.Rows.Select((fields, index) => (Path: "", Fields: fields, Row: index + 1)).Skip(1)
            .Where(r => column < r.Fields.Length).Select(r => r with { Path = Normalize(r.Fields[column]) }).ToList();
        return new FileMetadata([.. names.Where((_, i) => i != column)], rows, column, csvPath);
    }

    /// <summary>
    /// The labels (by <see cref="Labels"/> name) of <paramref name="midiPath"/>, or null when no row names it; rows
    /// that name it with different labels are an <see cref="InvalidDataException"/> naming them.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LabelsOf(string midiPath)
    {
        string path = Normalize(Path.GetFullPath(midiPath));
        var rows = _rows.Where(r => r.Path.Length > 0
            && (path.EndsWith("/" + r.Path, StringComparison.Ordinal) || path == r.Path)).ToList();
        if (rows.Count == 0) return null;
        var labels = rows.Select(r => LabelsIn(r.Fields)).ToList();
        if (labels.Any(other => !other.SequenceEqual(labels[0])))
            throw new InvalidDataException(
                $"{_csvPath}: rows {string.Join(" and ", rows.Select(r => r.Row))} name {midiPath} with different "
                + "labels; keep one");
        return labels[0];
    }

    private Dictionary<string, string> LabelsIn(string[] fields)
    {
        var labels = new Dictionary<string, string>();
        int label = 0;
        for (int i = 0; i < fields.Length; i++)
            if (i != _fileColumn && label < Labels.Count) labels[Labels[label++]] = fields[i];
        return labels;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
