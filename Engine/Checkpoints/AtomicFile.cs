using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old contents or the complete new ones, never a partial file, and so
/// that the new contents survive a power cut once the write returns. Temporary files that a killed writer left
/// beside the file are removed on the next write; a process that ends mid-write removes its own first
/// (<see cref="AbandonUnfinished"/>).
/// </summary>
public static class AtomicFile
{
    private static readonly Lock Unfinished = new();
    private static readonly HashSet<string> UnfinishedTemporaries = [];
    private static bool _abandoned;

    /// <summary>
    /// Writes <paramref name="path"/> through a temporary file in the same folder, renamed over it once complete.
    /// </summary>
    public static void Write(string path, Action<Stream> writeContents) => WriteAll([(path, writeContents)]);

    /// <summary>A file of bytes made up front, for <see cref="WriteAll"/>.</summary>
    public static (string Path, Action<Stream> WriteContents) Bytes(string path, byte[] contents)
        => (path, stream => stream.Write(contents));

    /// <summary>A text file (UTF-8, no byte order mark) made up front, for <see cref="WriteAll"/>.</summary>
    public static (string Path, Action<Stream> WriteContents) Text(string path, string contents)
        => Bytes(path, Encoding.UTF8.GetBytes(contents));

    /// <summary>
    /// Writes several files so that a failure while writing any of them (a full disk, an exception) leaves every one as
    /// it was: each is written to a temporary file beside it and flushed, and only then are they renamed over their
    /// targets, in order, and their folders flushed, each once, by <paramref name="flushFolder"/>
    /// (<see cref="FolderSync.Flush"/> unless given), whose failure is thrown, not ignored. Only a crash between two
    /// renames can leave some files new and others old. A path that is a symbolic link is written through: the file it
    /// names gets the new contents and the link stays, as a plain write would leave it. A failure to write (no such
    /// folder, no permission, a full disk) is an <see cref="IOException"/> "cannot write PATH: reason" that names the
    /// path given, not the temporary file. Folders it makes for the files are removed again when it fails before the
    /// files are in place.
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> WriteContents)> files,
        Action<string>? flushFolder = null)
    {
        var written = new List<(string Temporary, string Target)>();
        var createdFolders = new List<string>();
        bool complete = false;
        string current = files.Count > 0 ? files[0].Path : "";
        try
        {
            foreach (var (path, writeContents) in files)
            {
                current = path;
                string fullPath = LinkedFile(Path.GetFullPath(path));
                string directory = Path.GetDirectoryName(fullPath)!;
                CreateFolder(directory, createdFolders);
                RemoveStaleTemporaries(directory, Path.GetFileName(fullPath));
                string name = $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
                string temporary = Path.Combine(directory, name);
                written.Add((temporary, fullPath));
                using var stream = Begin(temporary);
                writeContents(stream);
                stream.Flush(flushToDisk: true);
            }
            foreach (var (temporary, target) in written)
            {
                current = target;
                File.Move(temporary, target, overwrite: true);
            }
            complete = true;
            foreach (string directory in written.Select(file => Path.GetDirectoryName(file.Target)!).Distinct())
                (flushFolder ?? FolderSync.Flush)(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            string reason = written.Aggregate(error.Message, (text, file) => text.Replace(file.Temporary, file.Target));
            throw new IOException(reason.StartsWith("cannot write ", StringComparison.Ordinal) ? reason
                : $"cannot write {current}: {reason}", error);
        }
        finally
        {
            foreach (var (temporary, _) in written) End(temporary);
            if (!complete) RemoveEmptyFolders(createdFolders);
        }
    }

    // creates folder and any missing folder above it, noting each one made, outermost first
    private static void CreateFolder(string folder, List<string> created)
    {
        var missing = new List<string>();
        for (string? above = folder; above is not null && !Directory.Exists(above);
             above = Path.GetDirectoryName(above))
            missing.Add(above);
        Directory.CreateDirectory(folder);
        missing.Reverse();
        created.AddRange(missing);
    }

    // a write that failed before any file was placed leaves no folder it made behind, innermost first, while empty
    private static void RemoveEmptyFolders(List<string> created)
    {
        for (int i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                if (Directory.Exists(created[i]) && !Directory.EnumerateFileSystemEntries(created[i]).Any())
                    Directory.Delete(created[i]);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { } // the error first
        }
    }

    // the file a symbolic link names, through every link in a chain; the path itself when it is no link
    private static string LinkedFile(string fullPath)
        => new FileInfo(fullPath).LinkTarget is not null
           && File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } target
            ? Path.GetFullPath(target.FullName)
            : fullPath;

    /// <summary>
    /// For a process about to end in the middle of a write (a signal): deletes the temporary files of the writes under
    /// way, so their targets stay as they were and no partial file is left, and fails any write begun after.
    /// </summary>
    public static void AbandonUnfinished()
    {
        lock (Unfinished)
        {
            _abandoned = true;
            foreach (string temporary in UnfinishedTemporaries)
            {
                try { File.Delete(temporary); }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException) { } // ending anyway
            }
        }
    }

    // creates a temporary file, known to AbandonUnfinished from the moment it exists
    private static FileStream Begin(string temporary)
    {
        lock (Unfinished)
        {
            if (_abandoned) throw new OperationCanceledException("the process is ending; no file is written");
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            UnfinishedTemporaries.Add(temporary);
            return stream;
        }
    }

    // removes a temporary file that was not renamed over its target
    private static void End(string temporary)
    {
        lock (Unfinished)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            UnfinishedTemporaries.Remove(temporary);
        }
    }

    /// <summary>
    /// Deletes the ".NAME.PID.GUID.tmp" files of <paramref name="fileName"/> whose writing process is no longer
    /// running; those of this process and of live ones are left alone.
    /// </summary>
    public static void RemoveStaleTemporaries(string directory, string fileName)
    {
        string prefix = $".{fileName}.";
        foreach (string candidate in Directory.EnumerateFiles(directory, $"{prefix}*.tmp"))
        {
            var parts = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length].Split('.');
            if (parts.Length != 2 || !Guid.TryParseExact(parts[1], "N", out _)
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try { File.Delete(candidate); }
            catch (IOException) { }   // another writer removed it first
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException) { return false; }
    }
}
