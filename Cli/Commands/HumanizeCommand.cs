using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta humanize --model M --input X.mid --out Y.mid [--k K] [--encoder wta|omp] [--quantized-out Q.mid]
/// [--wav W.wav]": plays a drum part's hits as a drummer would (<see cref="Humanization"/>): the hits are quantized
/// (velocity 100, on the grid), coded and decoded, and written back as exactly the same hits at the decoded velocities
/// and timing. A model trained with <c>train --input-quantize</c> is made for it. When the input was played (its hits
/// at more than one velocity or off the grid), the velocity and timing errors of the quantized and the humanized hits
/// against it are printed (and the accents: the mean over bars of the velocities' correlation with the played ones),
/// and the spread of its velocities beside the humanized ones'. --quantized-out writes the
/// quantized input, to hear beside the output.
/// </summary>
public static class HumanizeCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var input = ApplicationOptions.CreateInputOption(
            "A Groove-style drum MIDI file (any velocities and timing: the hits are quantized first)");
        var output = new Option<string>("--out") { Description = "Where to write the humanized part (.mid)",
            Required = true }.WritingMidi();
        var quantizedOut = new Option<string?>("--quantized-out")
        {
            Description = "Where to write the quantized input (.mid): every hit at velocity 100 on the grid",
        }.WritingMidi();
        var encoder = new Option<string>("--encoder")
        {
            Description = "How the quantized part is coded: wta (the trained encoder) or omp (pursuit over the atoms); "
                + "both decode linearly, which humanizing reads", DefaultValueFactory = _ => "wta",
        };
        encoder.AcceptOnlyChoices("wta", "omp");
        var overwrite = new OverwriteOption();
        var command = new Command("humanize",
            "Play a drum part's hits at the velocities and timing the dictionary's patterns carry")
        {
            input, output, quantizedOut, encoder, overwrite.Option,
        };
        options.AddTo(command);
        var wav = new WavOption();
        wav.AddTo(command, withInput: true);
        command.SetGuardedAction(parse =>
        {
            wav.Check(parse);
            overwrite.CheckFiles(parse, [parse.GetValue(output), parse.GetValue(quantizedOut), wav.File(parse)],
                [parse.GetValue(input), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            if (trained.Representation.Settings.Kind != RepresentationKind.Groove)
                throw new ArgumentException("humanize plays Groove drum hits; this is a piano model");
            string path = parse.GetValue(input)!;
            var played = opened.Read(path);
            var coder = ApplicationOptions.ParseEncoder(parse.GetValue(encoder)!);
            var humanized = Humanization.Humanize(trained, played, trained.Model.TopK, coder);
            Console.WriteLine(
                $"{path}: {humanized.Quantized.VelocityErrors.Count} hits quantized and played at "
                + $"k = {trained.Model.TopK} ({ApplicationOptions.Name(coder)}); "
                + $"{humanized.Result.Code.UsedAtoms().Count} atoms used");
            if (Humanization.WasPlayed(played))
            {
                Console.WriteLine($"quantized vs played: {Describe(humanized.Quantized)}");
                Console.WriteLine($"humanized vs played: {Describe(humanized.Humanized)}");
                var playedNotes = trained.Representation.ToNotes(played.Signal, played.Length, played.Bpm);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"velocity spread (standard deviation, MIDI steps): played {Spread(playedNotes):F1}, humanized "
                    + $"{Spread(humanized.Result.Output.Notes()):F1}"));
            }
            else Console.WriteLine("the input is quantized already (one velocity, on the grid): no errors to score");
            var outputs = new OutputSet();
            if (parse.GetValue(quantizedOut) is string quantizedPath)
            {
                var quantized = humanized.QuantizedInput;
                outputs.AddMidi(opened.Song(quantized.Signal, quantized, quantizedPath), quantizedPath,
                    $"wrote the quantized input {quantizedPath}");
            }
            string written = parse.GetValue(output)!;
            outputs.AddMidi(OpenedModel.Song(humanized.Result.Output, written), written);
            wav.AddIfGiven(parse, outputs, path, written);
            outputs.Write();
            return 0;
        });
        return command;
    }

    // the standard deviation of the notes' MIDI velocities; 0 for fewer than two notes
    private static double Spread(IReadOnlyList<TimedNote> notes)
    {
        if (notes.Count < 2) return 0;
        double mean = notes.Average(n => n.Velocity);
        return Math.Sqrt(notes.Average(n => (n.Velocity - mean) * (n.Velocity - mean)));
    }

    // "velocity MAE 0.123 (MIDI velocity / 127), timing MAE 0.045 16ths, accent r 0.52 over 31 bars"
    private static string Describe(GrooveHitMetrics errors) => string.Create(CultureInfo.InvariantCulture,
        $"velocity MAE {errors.VelocityMae:F3} (MIDI velocity / 127), timing MAE {errors.OffsetMaeSteps:F3} 16ths, "
        + $"accent r {errors.VelocityCorrelations.Mean:F3} over {errors.VelocityCorrelations.Items} bars");
}
