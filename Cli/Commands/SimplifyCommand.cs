using System.CommandLine;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta simplify --model M --input X.mid --keep-atoms N [--k K] [--encoder wta|omp] --out Y.mid": keeps only the N atoms
/// most active in the piece's code (the paper's "keep top N features"), zeroes the rest of the code, and decodes.
/// </summary>
public static class SimplifyCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = new Option<string>("--input") { Description = "a MIDI file of the kind the model was trained on", Required = true };
        var keep = new Option<int>("--keep-atoms", "--keep")
        {
            Description = "how many of the piece's most active atoms to keep (as in denoise)", Required = true,
        };
        var output = new Option<string>("--out") { Description = "where to write the simplified piece (.mid)", Required = true };
        var overwrite = new OverwriteOption();
        var command = new Command("simplify", "keep only the N atoms most active in a piece and decode")
        {
            input, keep, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            int count = parse.GetValue(keep);
            if (count < 1) throw new ArgumentException($"--keep-atoms must be at least 1, got {count}");
            overwrite.CheckFiles(parse, parse.GetValue(output));
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            string path = parse.GetValue(input)!;
            var piece = opened.Read(path);
            var code = opened.Encode(piece);
            var simple = CodeEditing.KeepTopAtoms(code, count);
            var signal = trained.Decode(simple, piece.Length);
            var kept = code.TopAtoms(count).Select(a => a.Atom);
            Console.WriteLine($"{path}: uses {CodeEditing.UsedAtoms(code).Count} atoms at {opened.Coding}; kept {ApplicationOptions.List(kept)}");
            Console.WriteLine($"simplified vs input: {ApplicationOptions.Describe(trained.Score(piece, signal))}");
            Console.WriteLine($"wrote {opened.Write(signal, piece, parse.GetValue(output)!)}");
            return 0;
        });
        return command;
    }
}
