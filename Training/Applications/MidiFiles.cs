using System.IO.Enumeration;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The MIDI files named on a command line: files as given, folders searched recursively for .mid and .midi. A folder
/// search does not enter symbolically linked folders (a link to a folder above would loop), and each real file is
/// taken once, however many paths or links lead to it.
/// </summary>
public static class MidiFiles
{
    /// <summary>
    /// Every MIDI file under <paramref name="paths"/>, folders' files sorted, each real file once (the first path to
    /// it kept); a missing path or no file at all is an error.
    /// </summary>
    public static IReadOnlyList<string> Collect(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path)) files.AddRange(InFolder(path).Order(StringComparer.Ordinal));
            else throw new FileNotFoundException($"{path}: no such file or folder");
        }
        if (files.Count == 0)
            throw new FileNotFoundException($"no MIDI files (.mid, .midi) in {string.Join(", ", paths)}");
        return [.. files.DistinctBy(RealPath, StringComparer.Ordinal)];
    }

    // the MIDI files under a folder, hidden ones included, without recursing into linked folders
    private static IEnumerable<string> InFolder(string folder)
        => new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToSpecifiedFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && IsMidi(entry.FileName),
            ShouldRecursePredicate = (ref FileSystemEntry entry)
                => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };

    // the file a path leads to after every link; a link that loops or cannot be followed stands for itself
    private static string RealPath(string path)
    {
        try { return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path); }
        catch (IOException) { return Path.GetFullPath(path); }
    }

    private static bool IsMidi(ReadOnlySpan<char> name)
        => name.EndsWith(".mid", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".midi", StringComparison.OrdinalIgnoreCase);
}
