using TcnWtaNative.Midi.Files;

using TcnWtaNative.Training;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The check every command runs on the files it will write, before it reads or writes anything, so that no command
/// loses a user's file: an output that is an existing folder, that lies under an existing file, that two outputs
/// share, that is one of the command's own inputs, or that is a device or system file (/dev/null, /dev/stdout, /proc
/// and /sys: a write goes through a temporary file renamed over the target, which would replace the device itself) is
/// refused with one line, --overwrite or not, and so is an existing file of a training run (its model, state,
/// metrics, loss plot or options); an existing output file is refused unless <c>overwrite</c>.
/// </summary>
public static class OutputPaths
{
    /// <summary>
    /// Refuses <paramref name="outputs"/> (null ones are skipped) as the class says; <paramref name="inputs"/> are the
    /// files the command reads (null ones skipped).
    /// </summary>
    public static void Check(IEnumerable<string?> outputs, IEnumerable<string?> inputs, bool overwrite)
    {
        var read = new Dictionary<string, string>();
        foreach (string input in inputs.OfType<string>()) read.TryAdd(RealPaths.Of(input), input);
        var written = new Dictionary<string, string>();
        foreach (string output in outputs.OfType<string>())
        {
            string identity = RealPaths.Of(output);
            if (read.TryGetValue(identity, out string? input))
                throw new IOException($"{output} is also an input ({input}); write the output to another file");
            if (!written.TryAdd(identity, output))
                throw new IOException($"{written[identity]} and {output} are the same file; give two outputs apart");
            CheckPlace(output);
            if (IsSystemFile(output) || IsSystemFile(identity))
                throw new IOException($"{output} is a device or system file; name a regular file to write");
            if (File.Exists(output) && RunHolding(identity) is { } run)
                throw new IOException($"{output} is a file of the training run in {run}, which train --resume "
                    + "continues from; write the output elsewhere");
            if (!overwrite && File.Exists(output))
                throw new IOException($"{output} already exists; replace it with --overwrite");
        }
    }

    // the folder of the training run (a model.safetensors with its model.state.safetensors) whose file a path is; a
    // command's output there, --overwrite or not, would leave a run that no longer resumes
    private static string? RunHolding(string file)
    {
        if (Path.GetDirectoryName(file) is not { } folder) return null;
        var run = new RunFolder(folder);
        return File.Exists(run.Model) && File.Exists(run.TrainingState) && run.Files.Contains(file) ? folder : null;
    }

    /// <summary>Refuses a PNG output (<paramref name="option"/>, when given) whose name does not end in .png.</summary>
    public static void CheckPng(string? path, string option)
    {
        if (path is not null && !path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{option} writes a PNG; give a file ending in .png, not '{path}'");
    }

    /// <summary>
    /// Refuses an output <paramref name="path"/> (a file or a folder to create) that lies under an existing file,
    /// where nothing can be created.
    /// </summary>
    public static void CheckParents(string path)
    {
        for (string? parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent);
             parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent))
                throw new IOException($"cannot write {path}: {parent} is a file, not a folder");
    }

    // an existing path under /proc or /sys, or in /dev outside its shared-memory folder (where regular files live)
    private static bool IsSystemFile(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Exists(full) && !full.StartsWith("/dev/shm/", StringComparison.Ordinal)
            && SystemFolders.Any(folder => full.StartsWith(folder, StringComparison.Ordinal));
    }

    private static readonly string[] SystemFolders = ["/dev/", "/proc/", "/sys/"];

    // an output file can be neither an existing folder nor under an existing file
    private static void CheckPlace(string output)
    {
        if (Directory.Exists(output))
            throw new IOException($"{output} is a folder; name the file to write");
        CheckParents(output);
    }
}
