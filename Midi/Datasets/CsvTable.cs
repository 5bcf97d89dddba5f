using System.Globalization;
using System.Text;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// A CSV file as a header and rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). Header columns
/// with an empty name (the trailing commas a spreadsheet adds) are unnamed and ignored; a name given twice is an
/// error.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly string[] _names;
    private readonly List<int> _rowLines;

    private CsvTable(string name, string[] header, List<string[]> rows, List<int> rowLines)
    {
        Name = name;
        var named = header.Select((h, i) => (Name: h.Trim(), Index: i)).Where(c => c.Name.Length > 0).ToList();
        RefuseRepeatedNames(named.Select(c => c.Name), name);
        _columns = named.ToDictionary(c => c.Name, c => c.Index);
        _names = [.. header.Select(h => h.Trim())];
        Rows = rows;
        _rowLines = rowLines;
    }

    /// <summary>
    /// Checks that no name comes twice in a header; one that does is an <see cref="InvalidDataException"/> naming
    /// <paramref name="file"/> and the name.
    /// </summary>
    public static void RefuseRepeatedNames(IEnumerable<string> names, string file)
    {
        if (names.GroupBy(n => n).FirstOrDefault(same => same.Count() > 1) is { } twice)
            throw new InvalidDataException($"{file}: the header names the column '{twice.Key}' twice");
    }

    /// <summary>The file the table came from (for error messages).</summary>
    public string Name { get; }

    /// <summary>Data rows (the header excluded), each with as many fields as the row had.</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>
    /// Reads and parses a CSV file; a missing file or an empty one is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static CsvTable Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: file not found");
        return Parse(TextFileLimit.Read(path, "CSV file"), path);
    }

    /// <summary>
    /// Parses CSV text; <paramref name="name"/> is used in error messages, and <paramref name="firstLine"/> is the
    /// number of the text's first line (0 when a caller put a line of its own in front). A quoted field left open is
    /// an <see cref="InvalidDataException"/> naming the row it opens in.
    /// </summary>
    public static CsvTable Parse(string text, string name, int firstLine = 1)
    {
        var records = new List<string[]>();
        var lines = new List<int>();
        int line = firstLine, recordLine = firstLine;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '\n') line++;
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n': EndRecord(); recordLine = ++line; break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted)
            throw new InvalidDataException(
                $"{name}: row {recordLine}: a quoted field is not closed before the end of the file");
        EndRecord();
        if (records.Count == 0) throw new InvalidDataException($"{name}: empty CSV file (no header)");
        return new CsvTable(name, records[0], records.GetRange(1, records.Count - 1),
            lines.GetRange(1, lines.Count - 1));

        void EndRecord()
        {
            if (!any) return;
            fields.Add(field.ToString());
            records.Add([.. fields]);
            lines.Add(recordLine);
            fields.Clear();
            field.Clear();
            any = false;
        }
    }

    /// <summary>
    /// The index of a column; a missing one is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public int Column(string column)
        => _columns.TryGetValue(column, out int index) ? index
            : throw new InvalidDataException(
                $"{Name}: no \"{column}\" column (found: {string.Join(", ", _columns.Keys)})");

    /// <summary>The header's name of a column.</summary>
    public string ColumnName(int column) => _names[column];

    /// <summary>
    /// A field of a row; a short row is an <see cref="InvalidDataException"/> naming the file and row.
    /// </summary>
    public string Field(int row, int column)
    {
        var fields = Rows[row];
        return column < fields.Length ? fields[column]
            : throw new InvalidDataException(
                $"{Name}: row {RowNumber(row)} has {fields.Length} fields, expected at least {column + 1}");
    }

    /// <summary>
    /// The number a user finds a data row at in an editor: the line it starts on (blank lines and line breaks inside
    /// quoted fields counted).
    /// </summary>
    public int RowNumber(int row) => _rowLines[row];

    /// <summary>
    /// A numeric field that is finite and not negative (a duration, a tempo); NaN, an infinity or a negative value is
    /// an <see cref="InvalidDataException"/> naming the file, row, column and value.
    /// </summary>
    public double NonNegative(int row, int column)
    {
        double value = Number(row, column);
        return double.IsFinite(value) && value >= 0 ? value
            : throw new InvalidDataException(
                $"{Name}: row {RowNumber(row)}: {ColumnName(column)} \"{Field(row, column)}\" is not a finite, "
                + "non-negative number");
    }

    /// <summary>
    /// A numeric field (invariant culture); text that is not a number is an <see cref="InvalidDataException"/> naming
    /// the file, row, column and text.
    /// </summary>
    public double Number(int row, int column)
    {
        string text = Field(row, column);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
            : throw new InvalidDataException(
                $"{Name}: row {RowNumber(row)}: {ColumnName(column)} \"{text}\" is not a number");
    }
}
