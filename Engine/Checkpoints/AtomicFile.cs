namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>Writes a file so that readers see either the old contents or the complete new ones, never a partial file.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through a temporary file in the same folder, renamed over it once complete.</summary>
    public static void Write(string path, Action<Stream> writeContents)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                writeContents(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
