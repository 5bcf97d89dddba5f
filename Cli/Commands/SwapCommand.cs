using System.CommandLine;
using TcnWtaNative.Training.Applications.Windows;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta swap --model M --a A.mid --b B.mid --swap-atoms M [--encoder wta|omp|gain] --out Y.mid": replaces the M most
/// active atoms of A with the M most active of B (i-th with i-th), keeping A's timing and activations (gain: A's
/// gains), and decodes at A's tempo, in windows of whole frames (<see cref="PieceSwap"/>), so memory stays flat in
/// the pieces' length.
/// </summary>
public static class SwapCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var a = new Option<string>("--a") { Description = "The piece whose code is edited (MIDI)", Required = true };
        var b = new Option<string>("--b") { Description = "The piece whose atoms come in (MIDI)", Required = true };
        var count = new Option<int>("--swap-atoms", "--atoms")
        {
            Description = "How many of the most active atoms to swap",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Where to write the result (.mid)", Required = true }
            .WritingMidi();
        var overwrite = new OverwriteOption();
        var command = new Command("swap",
            "Replace the M most active atoms of piece A with the M most active of piece B")
        {
            a, b, count, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            int m = parse.GetValue(count);
            if (m < 1) throw new ArgumentException($"--swap-atoms must be at least 1, got {m}");
            overwrite.CheckFiles(parse, [parse.GetValue(output)],
                [parse.GetValue(a), parse.GetValue(b), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            var pieceA = opened.Windows(parse.GetValue(a)!);
            var pieceB = opened.Windows(parse.GetValue(b)!);
            var (result, pairs) = PieceSwap.Run(trained, pieceA, pieceB, m, encoder: opened.Encoder);
            if (pairs.Count < m)
                Console.WriteLine($"note: only {pairs.Count} atoms could be paired (A or B uses fewer than {m})");
            Console.WriteLine("swapped (A -> B): " + string.Join(", ", pairs.Select(p => $"{p.From} -> {p.To}")));
            Console.WriteLine($"result vs A: {ApplicationOptions.Describe(result.Match())}");
            var outputs = new OutputSet();
            outputs.AddMidi(OpenedModel.Song(result.Output, parse.GetValue(output)!), parse.GetValue(output)!);
            outputs.Write();
            return 0;
        });
        return command;
    }
}
