namespace TcnWtaNative.Midi.Datasets;

/// <summary>The split names both datasets' indexes use, and the check of an index row's split.</summary>
public static class DatasetSplits
{
    /// <summary>Every split an index row may name, as written (lower case, no spaces).</summary>
    public static readonly IReadOnlyList<string> Names = ["train", "validation", "test"];

    /// <summary>
    /// The split of a row; a value that is not exactly one of <see cref="Names"/> ("dev", "train " with a space, "")
    /// is an <see cref="InvalidDataException"/> naming the file, row and value, since a row no split selects would
    /// drop out of every command without a word.
    /// </summary>
    public static string Of(CsvTable table, int row, int column)
    {
        string split = table.Field(row, column);
        return Names.Contains(split) ? split
            : throw new InvalidDataException($"{table.Name}: row {table.RowNumber(row)}: split \"{split}\" is not one "
                + $"of {string.Join(", ", Names)}");
    }
}
