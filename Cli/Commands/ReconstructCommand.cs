using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Engine.Inference;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta reconstruct --model M --input X.mid [--k K] [--encoder wta|omp] --out Y.mid [--plot Z.png]": the piece
/// coded (by the autoencoder's encoder, or by matching pursuit over its atoms) and decoded; prints the loss and the
/// note-level F1 of the output against the input as the representation reads it, and can draw the two side by side.
/// </summary>
public static class ReconstructCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = new Option<string>("--input") { Description = "a MIDI file of the kind the model was trained on", Required = true };
        var output = new Option<string>("--out") { Description = "where to write the reconstruction (.mid)", Required = true };
        var command = new Command("reconstruct", "encode and decode a MIDI file; print the loss and the note F1 against the input") { input, output };
        options.AddTo(command, withEncoder: true);
        var plot = new ComparisonPlotOption();
        plot.AddTo(command);
        command.SetGuardedAction(parse =>
        {
            plot.Check(parse);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            string path = parse.GetValue(input)!;
            var piece = opened.Read(path);
            var (_, signal, loss) = trained.Reconstruct(piece, opened.Encoder);
            var match = trained.Score(piece, signal);
            string written = opened.Write(signal, piece, parse.GetValue(output)!);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {piece.Length} steps, {trained.Model.CodeLength(piece.Length)} code columns, {opened.Coding}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss {loss:G5} ({trained.Model.Config.Loss}), notes {ApplicationOptions.Describe(match)}"));
            Console.WriteLine($"wrote {written}");
            plot.SaveIfGiven(parse, trained, piece, signal, $"input: {Path.GetFileName(path)}",
                string.Create(CultureInfo.InvariantCulture, $"reconstruction at {opened.Coding}: note F1 {match.F1:F3}"));
            return 0;
        });
        return command;
    }
}
