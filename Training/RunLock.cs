using System.Diagnostics;
using System.Globalization;

namespace TcnWtaNative.Training;

/// <summary>
/// One writer per run folder: the file .lock in it, created exclusively and holding the owner's process id, kept
/// open while the run lives and removed on dispose or process exit. A lock whose process is gone (a crash, kill -9)
/// is taken over with a warning; a live one is an <see cref="IOException"/> naming its pid.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _file;
    private readonly string _path;
    private readonly IReadOnlyList<string> _created;
    private int _released;

    private RunLock(FileStream file, string path, IReadOnlyList<string> created)
    {
        (_file, _path, _created) = (file, path, created);
        AppDomain.CurrentDomain.ProcessExit += OnExit;
    }

    /// <summary>The lock file of a run folder.</summary>
    public static string PathIn(string directory) => Path.Combine(directory, ".lock");

    /// <summary>
    /// Takes the folder's lock (creating the folder and any missing parents; those created here are removed on
    /// release while empty), writing a stale lock's warning through <paramref name="warn"/>.
    /// </summary>
    public static RunLock Acquire(string directory, Action<string> warn)
    {
        var created = Missing(Path.GetFullPath(directory));
        Directory.CreateDirectory(directory);
        string path = PathIn(directory);
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                file.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
                file.Flush(flushToDisk: true);
                return new RunLock(file, path, created);
            }
            catch (IOException) when (File.Exists(path))
            {
                int? holder = Holder(path);
                var written = File.GetLastWriteTimeUtc(path);
                if (holder is null && DateTime.UtcNow - written < TimeSpan.FromSeconds(2))
                {
                    Thread.Sleep(50);   // another run has just created it and is writing its pid
                    continue;
                }
                if (holder is int pid && IsRunning(pid, written))
                    throw new IOException($"{directory} is in use by another run (process {pid}, lock file {path})");
                warn($"warning: {path} was left by {(holder is int dead ? $"process {dead}" : "a process")}, "
                    + "which is no longer running; taking it over");
                File.Delete(path);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        File.Delete(_path);
        _file.Dispose();
        foreach (string folder in _created)
        {
            if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any()) break;
            Directory.Delete(folder);
        }
    }

    // the folders of a full path that do not exist yet, innermost first (a/b, then a, when neither exists)
    private static List<string> Missing(string directory)
    {
        var missing = new List<string>();
        for (string? folder = directory; folder is not null && !Directory.Exists(folder);
             folder = Path.GetDirectoryName(folder))
            missing.Add(folder);
        return missing;
    }

    private void OnExit(object? sender, EventArgs e) => Dispose();

    // the pid written in a lock file, null when it holds none (a crash between creating and writing it)
    private static int? Holder(string path)
    {
        try
        {
            using var reader = new StreamReader(
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return int.TryParse(reader.ReadToEnd().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                ? pid : null;
        }
        catch (FileNotFoundException) { return null; }
    }

    // whether the process is alive and could have written the lock: not this process (a reused pid after a restart),
    // and started before the lock was written (not an unrelated process that got the pid later)
    private static bool IsRunning(int pid, DateTime lockedAtUtc)
    {
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime.ToUniversalTime() <= lockedAtUtc.AddSeconds(1);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException
            or System.ComponentModel.Win32Exception) { return false; }
    }
}
