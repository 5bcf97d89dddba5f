namespace TcnWtaNative.Midi.Datasets;

/// <summary>The check that an index lists each MIDI file once.</summary>
public static class IndexFiles
{
    /// <summary>
    /// Checks that no two rows of <paramref name="table"/> list the same file (<paramref name="files"/>, in row order,
    /// compared as full paths under <paramref name="directory"/>); two that do are an
    /// <see cref="InvalidDataException"/> naming both rows, since a file in two splits mixes training data into a
    /// held-out score.
    /// </summary>
    public static void RefuseRepeats(CsvTable table, string directory, IReadOnlyList<string> files)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < files.Count; r++)
        {
            string path = Path.GetFullPath(Path.Combine(directory, files[r]));
            if (first.TryGetValue(path, out int earlier))
                throw new InvalidDataException(
                    $"{table.Name}: rows {table.RowNumber(earlier)} and {table.RowNumber(r)} both list \"{files[r]}\"");
            first.Add(path, r);
        }
    }
}
