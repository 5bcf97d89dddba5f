using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// Labels for MIDI files from a CSV (e.g. Groove's info.csv or MAESTRO's csv): the row whose file column
/// (<see cref="FileColumns"/>, the first present) names a file, by its whole relative path or by its file name,
/// gives that file's labels, every other column.
/// </summary>
public sealed class FileMetadata
{
    /// <summary>Column names that may hold the file, in the order they are looked for.</summary>
    public static readonly string[] FileColumns = ["midi_filename", "file", "filename", "path", "midi_file"];

    private readonly List<(string Path, string[] Fields)> _rows;
    private readonly int _fileColumn;

    private FileMetadata(IReadOnlyList<string> labels, List<(string, string[])> rows, int fileColumn)
    {
        Labels = labels;
        _rows = rows;
        _fileColumn = fileColumn;
    }

    /// <summary>The label columns, in file order (the file column left out).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Reads a metadata CSV; one without a file column is an <see cref="InvalidDataException"/>.</summary>
    public static FileMetadata Load(string csvPath)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"{csvPath}: no such metadata file");
        // a one-word header in front, so the file's own header comes back as row 0 with its names in order
        var table = CsvTable.Parse("header\n" + File.ReadAllText(csvPath), csvPath);
        if (table.Rows.Count == 0) throw new InvalidDataException($"{csvPath}: empty CSV file (no header)");
        var names = table.Rows[0].Select(h => h.Trim()).ToList();
        int column = FileColumns.Select(c => names.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        if (column < 0)
            throw new InvalidDataException(
                $"{csvPath}: no file column; name one of {string.Join(", ", FileColumns)} (found: "
                + $"{string.Join(", ", names)})");
        var rows = table.Rows.Skip(1).Where(r => column < r.Length).Select(r => (Normalize(r[column]), r)).ToList();
        return new FileMetadata([.. names.Where((_, i) => i != column)], rows, column);
    }

    /// <summary>
    /// The labels (by <see cref="Labels"/> name) of <paramref name="midiPath"/>, or null when no row names it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LabelsOf(string midiPath)
    {
        string path = Normalize(Path.GetFullPath(midiPath));
        var row = _rows.FirstOrDefault(r => r.Path.Length > 0
            && (path.EndsWith("/" + r.Path, StringComparison.Ordinal) || path == r.Path));
        if (row.Fields is null) return null;
        var labels = new Dictionary<string, string>();
        int label = 0;
        for (int i = 0; i < row.Fields.Length; i++)
            if (i != _fileColumn && label < Labels.Count) labels[Labels[label++]] = row.Fields[i];
        return labels;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
