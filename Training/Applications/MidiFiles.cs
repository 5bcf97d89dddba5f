namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The MIDI files named on a command line: files as given, folders searched recursively for .mid and .midi.
/// </summary>
public static class MidiFiles
{
    /// <summary>
    /// Every MIDI file under <paramref name="paths"/>, folders' files sorted; a missing path or no file at all is an
    /// error.
    /// </summary>
    public static IReadOnlyList<string> Collect(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsMidi)
                    .Order(StringComparer.Ordinal));
            else throw new FileNotFoundException($"{path}: no such file or folder");
        }
        if (files.Count == 0)
            throw new FileNotFoundException($"no MIDI files (.mid, .midi) in {string.Join(", ", paths)}");
        return files;
    }

    private static bool IsMidi(string path)
        => path.EndsWith(".mid", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".midi", StringComparison.OrdinalIgnoreCase);
}
