using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Engine;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta reconstruct --model M --input X.mid [--k K] [--encoder wta|omp|gain] --out Y.mid [--plot Z.png] [--wav
/// W.wav]": the piece
/// coded (by the autoencoder's encoder, or by matching pursuit over its atoms) and decoded; prints the loss and the
/// note-level F1 of the output against the input as the representation reads it, and can draw the two side by side
/// or write the output (after the input with --wav-with-input) as audio.
/// The piece goes through in windows of whole frames (<see cref="PieceReconstruction"/>), so memory stays flat in its
/// length.
/// </summary>
public static class ReconstructCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = ApplicationOptions.CreateInputOption();
        var output = new Option<string>("--out")
        {
            Description = "Where to write the reconstruction (.mid)",
            Required = true,
        }.WritingMidi();
        var overwrite = new OverwriteOption();
        var command = new Command("reconstruct",
            "Encode and decode a MIDI file; print the loss and the note F1 against the input")
        {
            input, output, overwrite.Option,
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
            overwrite.CheckFiles(parse, [parse.GetValue(output), wav.File(parse), plot.File(parse)],
                [parse.GetValue(input), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            string path = parse.GetValue(input)!;
            var piece = opened.Windows(path);
            var result = PieceReconstruction.Run(opened.Trained, piece, opened.Encode, encoder: opened.Encoder);
            Console.WriteLine(
                string.Create(CultureInfo.InvariantCulture,
                $"{path}: {piece.Length} steps, {result.Code.Columns} code columns, {opened.Coding}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loss: {ApplicationOptions.LossName(opened.Trained.Model.Config.Loss)} {result.Loss:G5}"
                + $"{Baselines(piece, opened.Trained.Model.Config)}, notes "
                + $"{ApplicationOptions.Describe(result.Match())}"));
            var outputs = new OutputSet();
            string written = parse.GetValue(output)!;
            outputs.AddMidi(OpenedModel.Song(result.Output, written), written);
            plot.AddIfGiven(parse, outputs, opened.Trained, result.InputNotes, result.Output.Notes(), piece.Bpm,
                piece.Meter, $"input: {Path.GetFileName(path)}", string.Create(CultureInfo.InvariantCulture,
                    $"reconstruction at {opened.Coding}: note F1 {result.Match().F1:F3}"));
            wav.AddIfGiven(parse, outputs, path, written);
            outputs.Write();
            return 0;
        });
        return command;
    }

    // " (all zeros 0.0123, mean frame 0.0098 of the piece's own frames)", nothing for a loss without baselines
    private static string Baselines(ISignalWindows piece, AutoencoderConfig config)
        => LossBaselines.Apply(config.Loss)
            ? $" ({LossBaselines.OfPiece(piece, config.FrameLength, config.Loss).Describe()} of the piece's own frames)"
                : "";
}
