using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta simplify --model M --input X.mid --keep N [--k K] [--encoder wta|omp] --out Y.mid [--plot Z.png]": keeps
/// only the N atoms most active in the piece's code (the paper's "keep top N features"), zeroes the rest of the code,
/// and decodes; --plot draws the input beside the simplified piece.
/// </summary>
public static class SimplifyCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = new Option<string>("--input") { Description = "a MIDI file of the kind the model was trained on", Required = true };
        var keep = new Option<int>("--keep") { Description = "how many of the piece's most active atoms to keep", Required = true };
        var output = new Option<string>("--out") { Description = "where to write the simplified piece (.mid)", Required = true };
        var command = new Command("simplify", "keep only the N atoms most active in a piece and decode") { input, keep, output };
        options.AddTo(command, withEncoder: true);
        var plot = new ComparisonPlotOption();
        plot.AddTo(command);
        command.SetGuardedAction(parse =>
        {
            plot.Check(parse);
            int count = parse.GetValue(keep);
            if (count < 1) throw new ArgumentException($"--keep must be at least 1, got {count}");
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            string path = parse.GetValue(input)!;
            var piece = opened.Read(path);
            var code = opened.Encode(piece);
            var simple = CodeEditing.KeepTopAtoms(code, count);
            var signal = trained.Decode(simple, piece.Length);
            var kept = code.TopAtoms(count).Select(a => a.Atom);
            Console.WriteLine($"{path}: uses {CodeEditing.UsedAtoms(code).Count} atoms at {opened.Coding}; kept {ApplicationOptions.List(kept)}");
            var match = trained.Score(piece, signal);
            Console.WriteLine($"simplified vs input: {ApplicationOptions.Describe(match)}");
            Console.WriteLine($"wrote {opened.Write(signal, piece, parse.GetValue(output)!)}");
            plot.SaveIfGiven(parse, trained, piece, signal, $"input: {Path.GetFileName(path)}",
                string.Create(CultureInfo.InvariantCulture,
                    $"simplified to {count} atoms ({ApplicationOptions.List(kept)}): note F1 {match.F1:F3}"));
            return 0;
        });
        return command;
    }
}
