namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// The check every command runs on the files it will write, before it reads or writes anything, so that no command
/// loses a user's file: an output that is an existing folder, that lies under an existing file, that two outputs
/// share, or that is one of the command's own inputs is refused with one line, --overwrite or not; an existing output
/// file is refused unless <c>overwrite</c>.
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
        foreach (string input in inputs.OfType<string>()) read.TryAdd(Identity(input), input);
        var written = new Dictionary<string, string>();
        foreach (string output in outputs.OfType<string>())
        {
            string identity = Identity(output);
            if (read.TryGetValue(identity, out string? input))
                throw new IOException($"{output} is also an input ({input}); write the output to another file");
            if (!written.TryAdd(identity, output))
                throw new IOException($"{written[identity]} and {output} are the same file; give two outputs apart");
            CheckPlace(output);
            if (!overwrite && File.Exists(output))
                throw new IOException($"{output} already exists; replace it with --overwrite");
        }
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

    // an output file can be neither an existing folder nor under an existing file
    private static void CheckPlace(string output)
    {
        if (Directory.Exists(output))
            throw new IOException($"{output} is a folder; name the file to write");
        CheckParents(output);
    }

    // the file a path names: its full path, through a symbolic link to the file it points at
    private static string Identity(string path)
    {
        string full = Path.GetFullPath(path);
        try { return File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(true)?.FullName ?? full : full; }
        catch (IOException) { return full; }   // a link cycle: the path itself
    }
}
