using System.Diagnostics;
using System.Globalization;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// Writes a file so that readers see either the old contents or the complete new ones, never a partial file, and so
/// that the new contents survive a power cut once the write returns. Temporary files that a killed writer left
/// beside the file are removed on the next write.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through a temporary file in the same folder, renamed over it once complete.</summary>
    public static void Write(string path, Action<Stream> writeContents)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        RemoveStaleTemporaries(directory, Path.GetFileName(fullPath));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                writeContents(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
            FolderSync.Flush(directory);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the ".NAME.PID.GUID.tmp" files of <paramref name="fileName"/> whose writing process is no longer running;
    /// those of this process and of live ones are left alone.
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
