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
    /// Refuses the output <paramref name="files"/> (null ones are skipped) as <see cref="OutputPaths.Check"/> does: an
    /// existing one unless --overwrite was given; one of the <paramref name="inputs"/>, a folder, a path under a file
    /// or two outputs alike even with it.
    /// </summary>
    public void CheckFiles(ParseResult parse, IEnumerable<string?> files, IEnumerable<string?>? inputs = null)
        => OutputPaths.Check(files, inputs ?? [], parse.GetValue(Option));

    /// <summary>
    /// Refuses, unless --overwrite was given, a <paramref name="folder"/> that exists and is not empty; a file in its
    /// place is refused with or without --overwrite.
    /// </summary>
    public void CheckFolder(ParseResult parse, string folder)
    {
        OutputPaths.CheckParents(folder);
        if (File.Exists(folder))
            throw new IOException($"{folder} is a file; --out names the folder to write into");
        if (!parse.GetValue(Option) && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"{folder} is not empty; write into it with --overwrite, or choose another folder");
    }
}
