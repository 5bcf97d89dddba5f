namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Symbolic links that lead to no file: their target is missing, or the links loop. File.Exists and FileInfo.Exists
/// call such a link a file and opening it then fails with the runtime's own text, so readers ask here first and name
/// the link in their one-line error.
/// </summary>
public static class BrokenLinks
{
    /// <summary>
    /// "a symbolic link to TARGET, which leads to no file" when <paramref name="path"/> is a link that cannot be
    /// followed to a file; null for a plain file, a link that can, and a path that does not exist at all.
    /// </summary>
    public static string? Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target) return null;
        try
        {
            if (info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true }) return null;
        }
        catch (IOException) { }   // a loop of links: too many levels to follow
        return $"a symbolic link to {target}, which leads to no file";
    }
}
