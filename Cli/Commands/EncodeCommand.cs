using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta encode --model M --input FILE|DIR... [--metadata CSV] [--k K] [--encoder wta|omp|gain] --out F.json|F.csv":
/// the sparse code of every
/// MIDI file (non-zero entries: file, column, atom, value) and each file's mean code column, with labels joined
/// from a metadata CSV by file name (<see cref="FileMetadata"/>). Each file is coded in windows of whole frames, so
/// only its non-zero entries are held, not its dense code. A file that cannot be read prints
/// "error: FILE: what is wrong" and the rest are written; the exit code is then 1.
/// </summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = new Option<string[]>("--input")
        {
            Description = "MIDI files or folders (searched recursively)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var metadata = new Option<string?>("--metadata")
        {
            Description = "A CSV with a file column (midi_filename, file, filename or path) whose "
                + "other columns label the files",
        };
        var output = new Option<string>("--out")
        {
            Description = "The codes: .json, or .csv (plus NAME-usage.csv beside it)",
            Required = true,
        };
        var overwrite = new OverwriteOption();
        var command = new Command("encode", "Write the sparse codes and mean atom usage of MIDI files as JSON or CSV")
        {
            input, metadata, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            if (Path.GetExtension(outPath).ToLowerInvariant() is not (".json" or ".csv"))
                throw new ArgumentException($"{outPath}: --out must end in .json or .csv");
            overwrite.CheckFiles(parse, [outPath, CodeExport.UsagePathOf(outPath)],
                [.. parse.GetValue(input) ?? [], parse.GetValue(metadata), .. options.ModelInputs(parse)]);
            var labels = parse.GetValue(metadata) is string csv ? FileMetadata.Load(csv) : null;
            var files = MidiFiles.Collect(parse.GetValue(input)!);
            using var opened = options.Open(parse);
            var encoded = new List<EncodedFile>();
            int failed = 0, labelled = 0;
            foreach (string file in files)
            {
                try
                {
                    var fileLabels = labels?.LabelsOf(file);
                    if (fileLabels is not null) labelled++;
                    encoded.Add(
                        new EncodedFile(file, opened.Tally(opened.Windows(file), keepEntries: true),
                        fileLabels ?? new Dictionary<string, string>()));
                }
                catch (MidiFormatException error) when (files.Count > 1)
                {
                    Console.Error.WriteLine($"error: {PrintableText.Of(error.Message)}");
                    failed++;
                }
            }
            if (encoded.Count == 0) throw new InvalidDataException($"none of the {files.Count} files could be encoded");
            var written = CodeExport.Write(outPath, encoded, labels?.Labels ?? []);
            var top = CodeExport.MeanUsage(encoded).Select((u, n) => (n, u)).Where(p => p.u != 0)
                .OrderByDescending(p => p.u).Take(8);
            Console.WriteLine(
                $"encoded {encoded.Count} files ({encoded.Sum(e => e.Code.Columns)} code columns) at {opened.Coding}" +
                (failed > 0 ? $", {failed} failed" : "")
                    + (labels is null ? "" : $"; labels for {labelled} of {encoded.Count + failed}"));
            Console.WriteLine("most used atoms (mean activation per column): "
                + string.Join(", ", top.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.n} ({p.u:G3})"))));
            Console.WriteLine($"wrote {string.Join(", ", written)}");
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
