namespace TcnWtaNative.Midi.Files;

/// <summary>
/// The file or folder a path names, as the system's realpath gives it: its full path with every symbolic link on the
/// way followed, the folders' as well as its own. Two paths to one file, through any links, give one real path.
/// </summary>
public static class RealPaths
{
    /// <summary>Links followed before a path counts as looping, as Linux's limit.</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// The real path of <paramref name="path"/>; a part that does not exist is kept as written, and a path whose links
    /// loop stands for itself (its full path).
    /// </summary>
    public static string Of(string path)
    {
        try { return Resolved(Path.GetFullPath(path), MaxLinks); }
        catch (IOException) { return Path.GetFullPath(path); }
    }

    // full, its folders resolved first, then itself when it is a link
    private static string Resolved(string full, int linksLeft)
    {
        if (Path.GetDirectoryName(full) is not { } parent) return full;
        string real = Path.Combine(Resolved(parent, linksLeft), Path.GetFileName(full));
        if (!Path.Exists(real) || File.ResolveLinkTarget(real, returnFinalTarget: false) is not { } target) return real;
        if (linksLeft == 0) throw new IOException($"{full}: too many symbolic links");
        return Resolved(Path.GetFullPath(target.FullName), linksLeft - 1);
    }
}
