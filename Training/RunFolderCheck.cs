namespace TcnWtaNative.Training;

/// <summary>
/// What `train` checks of --out before it loads data or trains: the folder can be created and written, none of a
/// run's files in it (model.safetensors, model.state.safetensors, metrics.csv, loss.png, config.json) is a folder,
/// and a fresh run not asked to --overwrite finds none of a run's files there. Each failure used to surface only
/// after the whole run.
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
    /// folder where one of the run's files goes. Returns the run folder; an error names the obstacle.
    /// </summary>
    public static RunFolder RefuseFilesOnTheWay(string directory)
    {
        var run = new RunFolder(directory);
        if (FileOnTheWay(directory) is { } file)
            throw new IOException($"{file} is a file; --out needs a folder to write the run in");
        foreach (var (path, what) in new[]
                 {
                     (run.Model, "the model file"), (run.TrainingState, "the training state"),
                     (run.Metrics, "the metrics table"), (run.LossPlot, "the loss plot"),
                     (run.Config, "the options file"),
                 })
            if (Directory.Exists(path))
                throw new IOException(
                    $"{path} is a folder; remove it or choose another --out, since {what} goes there");
        return run;
    }

    /// <summary>
    /// Refuses a folder that already holds any of a run's files, for a fresh run not asked to --overwrite them: one
    /// with a model can be continued with --resume; files without one (left by hand, or by a run of an older version
    /// that stopped before its first checkpoint) can only be replaced. The error names the first file found.
    /// </summary>
    public static void RefuseExistingRun(RunFolder run)
    {
        if (run.Files.FirstOrDefault(File.Exists) is not { } found) return;
        throw new IOException(found == run.Model
            ? $"{run.Directory} already holds a run ({run.Model}); continue it with --resume, replace it "
                + "with --overwrite, or choose another --out"
            : $"{run.Directory} already holds a run's files ({found}) but no model to --resume; replace them with "
                + "--overwrite, or choose another --out");
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
