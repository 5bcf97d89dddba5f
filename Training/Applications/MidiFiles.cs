using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The MIDI files named on a command line: files as given, folders searched recursively for .mid and .midi. A folder
/// search enters a symbolically linked folder once, not again through a link back to it, and never a folder above the
/// one named (a link to it would loop), and each real file is taken once, however many paths or links lead to it.
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
        return [.. files.DistinctBy(RealPaths.Of, StringComparer.Ordinal)];
    }

    // the MIDI files under a folder, hidden ones included: a linked folder is entered unless the real folder it leads
    // to was entered already or holds the folder searched (a link to a folder above would loop, or search outside
    // what was named), so a data folder may link a dataset in; folders are searched in name order, so of two links
    // to one folder the first by name names its files
    private static IEnumerable<string> InFolder(string folder)
    {
        string root = RealPaths.Of(folder);
        var entered = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            string path = pending.Pop(), real = RealPaths.Of(path);
            if (IsAbove(real, root) || !entered.Add(real)) continue;
            var entries = Entries(path, path == folder).OrderByDescending(entry => entry.Name, StringComparer.Ordinal);
            foreach (var entry in entries)
                if (entry is DirectoryInfo) pending.Push(Path.Join(path, entry.Name));
                else if (IsMidi(entry.Name)) yield return Path.Join(path, entry.Name);
        }
    }

    private static bool IsAbove(string folder, string root)
        => root.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar,
            StringComparison.Ordinal);

    // a folder's files and subfolders (a link that loops or leads nowhere counts as a file); a subfolder the user may
    // not read is passed over, as a recursive search does
    private static FileSystemInfo[] Entries(string folder, bool given)
    {
        try { return new DirectoryInfo(folder).GetFileSystemInfos("*", HiddenIncluded); }
        catch (UnauthorizedAccessException) when (!given) { return []; }
    }

    private static readonly EnumerationOptions HiddenIncluded = new() { AttributesToSkip = 0 };

    private static bool IsMidi(ReadOnlySpan<char> name)
        => name.EndsWith(".mid", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".midi", StringComparison.OrdinalIgnoreCase);
}
