using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// --overwrite, taken by every command that writes outputs: without it an existing output file, or an output folder
/// that already holds something, is refused with one line before anything is read or written.
/// </summary>
public sealed class OverwriteOption
{
    public Option<bool> Option { get; } = new("--overwrite")
    {
        Description = "Replace existing outputs: an existing output file, or the files in a non-empty output folder",
    };

    /// <summary>
    /// Refuses, unless --overwrite was given, each of <paramref name="files"/> that exists (null ones are skipped).
    /// </summary>
    public void CheckFiles(ParseResult parse, params string?[] files)
    {
        if (parse.GetValue(Option)) return;
        foreach (string? file in files)
            if (file is not null && File.Exists(file))
                throw new IOException($"{file} already exists; replace it with --overwrite");
    }

    /// <summary>
    /// Refuses, unless --overwrite was given, a <paramref name="folder"/> that exists and is not empty; a file in its
    /// place is refused with or without --overwrite.
    /// </summary>
    public void CheckFolder(ParseResult parse, string folder)
    {
        if (File.Exists(folder))
            throw new IOException($"{folder} is a file; --out names the folder to write into");
        if (!parse.GetValue(Option) && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"{folder} is not empty; write into it with --overwrite, or choose another folder");
    }
}
