using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Data;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta reconstruct --model M --input X.mid [--k K] [--encoder wta|omp] --out Y.mid": the piece coded (by the
/// autoencoder's encoder, or by matching pursuit over its atoms) and decoded; prints the loss and the note-level F1 of
/// the output against the input as the representation reads it.
/// </summary>
public static class ReconstructCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = new Option<string>("--input") { Description = "a MIDI file of the kind the model was trained on", Required = true };
        var output = new Option<string>("--out") { Description = "where to write the reconstruction (.mid)", Required = true };
        var overwrite = new OverwriteOption();
        var command = new Command("reconstruct", "encode and decode a MIDI file; print the loss and the note F1 against the input")
        {
            input, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            overwrite.CheckFiles(parse, parse.GetValue(output));
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            string path = parse.GetValue(input)!;
            var piece = opened.Read(path);
            var (_, signal, loss) = trained.Reconstruct(piece, opened.Encoder);
            var match = trained.Score(piece, signal);
            string written = opened.Write(signal, piece, parse.GetValue(output)!);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {piece.Length} steps, {trained.Model.CodeLength(piece.Length)} code columns, {opened.Coding}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loss: {ApplicationOptions.LossName(trained.Model.Config.Loss)} {loss:G5}{Baselines(piece, trained.Model.Config)}, "
                + $"notes {ApplicationOptions.Describe(match)}"));
            Console.WriteLine($"wrote {written}");
            return 0;
        });
        return command;
    }

    // " (all zeros 0.0123, mean frame 0.0098 of the piece's own frames)", nothing for a loss without baselines
    private static string Baselines(EncodedPiece piece, AutoencoderConfig config)
    {
        if (!LossBaselines.Apply(config.Loss)) return "";
        var set = new VariableLengthSet(config.InputChannels, [piece.Length], _ => piece.Signal);
        var frame = LossBaselines.FitMeanFrame(set, config.FrameLength);
        var baselines = LossBaselines.Measure(set, frame, config.FrameLength, config.Loss);
        return $" ({baselines.Describe()} of the piece's own frames)";
    }
}
