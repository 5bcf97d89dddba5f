namespace TcnWtaNative.Training;

/// <summary>
/// What `train` checks of --out before it loads data or trains: the folder can be created and written, and
/// model.safetensors and model.state.safetensors in it are not folders. Each failure used to surface only after the
/// whole run.
/// </summary>
public static class RunFolderCheck
{
    /// <summary>
    /// The run folder at <paramref name="directory"/>, created and found writable; else an error naming it.
    /// </summary>
    public static RunFolder Writable(string directory)
    {
        var run = RefuseFilesOnTheWay(directory);
        string probe = Path.Combine(directory, $".write-check.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (UnauthorizedAccessException) { throw Unwritable(directory, "permission denied"); }
        catch (IOException error) { throw Unwritable(directory, error.Message); }
        return run;
    }

    /// <summary>
    /// Checks what can be checked without writing: no file where the folder or one of its parents should be, and no
    /// folder where the model file goes. Returns the run folder; an error names the obstacle.
    /// </summary>
    public static RunFolder RefuseFilesOnTheWay(string directory)
    {
        var run = new RunFolder(directory);
        if (FileOnTheWay(directory) is { } file)
            throw new IOException($"{file} is a file; --out needs a folder to write the run in");
        foreach (var (path, what) in new[] { (run.Model, "the model file"), (run.TrainingState, "the training state") })
            if (Directory.Exists(path))
                throw new IOException(
                    $"{path} is a folder; remove it or choose another --out, since {what} goes there");
        return run;
    }

    private static IOException Unwritable(string directory, string reason)
        => new($"{directory}: the run folder cannot be written ({reason})");

    // the folder itself or the nearest of its parents when it is a file, else null
    private static string? FileOnTheWay(string directory)
    {
        for (string? path = Path.GetFullPath(directory); path is not null; path = Path.GetDirectoryName(path))
            if (File.Exists(path)) return path == Path.GetFullPath(directory) ? directory : path;
        return null;
    }
}
