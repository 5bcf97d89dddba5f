using System.Runtime.InteropServices;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// Flushes a folder's entries to disk (fsync on the folder, through the C library .NET itself runs on), so that a
/// rename inside it survives a power cut. .NET cannot open a folder as a file; on Windows the rename is already
/// durable.
/// </summary>
public static partial class FolderSync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;   // EINVAL: a file system that cannot sync
                                              // folders; nothing more can be done

    /// <summary>
    /// fsync of <paramref name="directory"/>; an <see cref="IOException"/> naming it when the system refuses.
    /// </summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
            throw new IOException(
                $"{directory}: the folder cannot be opened to flush it to disk (errno "
                + $"{Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is int errno && errno != InvalidArgument)
                throw new IOException($"{directory}: the folder could not be flushed to disk (errno {errno})");
        }
        finally { Close(descriptor); }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
