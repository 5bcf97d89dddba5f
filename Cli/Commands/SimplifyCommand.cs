using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta simplify --model M --input X.mid --keep-atoms N [--k K] [--encoder wta|omp|gain] --out Y.mid [--plot Z.png]
/// [--wav W.wav]": keeps only the N atoms most active in the piece's code (the paper's "keep top N features"), codes
/// every frame again over them alone by the chosen encoder (<see cref="Simplification"/>, as denoise --keep-atoms N
/// does), and decodes: two passes over the piece in windows of whole frames, one to rank the atoms and one to code
/// and decode; --plot draws the input beside the simplified piece, --wav writes it as audio (after the input with
/// --wav-with-input).
/// </summary>
public static class SimplifyCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = ApplicationOptions.CreateInputOption();
        var keep = new Option<int>("--keep-atoms", "--keep")
        {
            Description = "How many of the piece's most active atoms to keep (as in denoise)", Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the simplified piece (.mid)",
            Required = true,
        }.WritingMidi();
        var overwrite = new OverwriteOption();
        var command = new Command("simplify", "Code a piece again over only its N most active atoms and decode")
        {
            input, keep, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        var plot = new ComparisonPlotOption();
        plot.AddTo(command);
        var wav = new WavOption();
        wav.AddTo(command, withInput: true);
        command.SetGuardedAction(parse =>
        {
            plot.Check(parse);
            wav.Check(parse);
            int count = parse.GetValue(keep);
            if (count < 1) throw new ArgumentException($"--keep-atoms must be at least 1, got {count}");
            overwrite.CheckFiles(parse, [parse.GetValue(output), wav.File(parse), plot.File(parse)],
                [parse.GetValue(input), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            string path = parse.GetValue(input)!;
            var piece = opened.Windows(path);
            var tally = opened.Tally(piece);
            var kept = tally.TopAtoms(count).Select(a => a.Atom).ToList();
            var keptSet = kept.ToHashSet();
            var result = Simplification.Simplify(opened.Trained, piece, keptSet, opened.Encoder);
            var match = result.Match();
            Console.WriteLine(
                $"{path}: uses {tally.UsedAtoms().Count} atoms at {opened.Coding}; kept "
                + $"{ApplicationOptions.List(kept)}");
            Console.WriteLine($"simplified vs input: {ApplicationOptions.Describe(match)}");
            Console.WriteLine(ApplicationOptions.FoundVelocityError(result.InputNotes, result.Output.Notes()));
            var outputs = new OutputSet();
            string written = parse.GetValue(output)!;
            outputs.AddMidi(OpenedModel.Song(result.Output, written), written);
            plot.AddIfGiven(parse, outputs, opened.Trained, result.InputNotes, result.Output.Notes(), piece.Bpm,
                piece.Meter, $"input: {Path.GetFileName(path)}", string.Create(CultureInfo.InvariantCulture,
                    $"simplified to {count} atoms ({ApplicationOptions.List(kept)}): note F1 {match.F1:F3}"));
            wav.AddIfGiven(parse, outputs, path, written);
            outputs.Write();
            return 0;
        });
        return command;
    }
}
