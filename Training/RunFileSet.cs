using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Training;

/// <summary>
/// Replaces a set of a run's files as one, as far as the filesystem allows: the new files are written together
/// (<see cref="AtomicFile.WriteAll"/>: every one to a temporary file before any is renamed), and when a rename fails
/// part way (a file made immutable, a folder put where a file goes) the files already replaced get their old contents
/// back, held in memory meanwhile, and those that were not there are removed again, so the folder keeps the old set.
/// </summary>
public static class RunFileSet
{
    /// <summary>
    /// Writes <paramref name="files"/> in order; on failure throws <see cref="AtomicFile.WriteAll"/>'s error after
    /// putting the old files back (with the reason appended when that fails too).
    /// </summary>
    public static void Replace(IReadOnlyList<(string Path, Action<Stream> WriteContents)> files)
    {
        var old = files.Select(file => (file.Path, Contents: File.Exists(file.Path) ? File.ReadAllBytes(file.Path)
            : null)).ToList();
        try { AtomicFile.WriteAll(files); }
        catch (IOException error)
        {
            try { PutBack(old); }
            catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"{error.Message}; putting the old files back failed too: {failed.Message}",
                    error);
            }
            throw;
        }
    }

    // restores the files whose contents are no longer the old ones: rewrites those that were there, removes the others
    private static void PutBack(IReadOnlyList<(string Path, byte[]? Contents)> old)
    {
        var changed = old.Where(file => !Holds(file.Path, file.Contents)).ToList();
        foreach (var (path, _) in changed.Where(file => file.Contents is null)) File.Delete(path);
        AtomicFile.WriteAll([.. changed.Where(file => file.Contents is not null)
            .Select(file => AtomicFile.Bytes(file.Path, file.Contents!))]);
    }

    // whether the file holds these contents; null contents: whether it is absent
    private static bool Holds(string path, byte[]? contents) => contents is null
        ? !File.Exists(path)
        : File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(contents);
}
