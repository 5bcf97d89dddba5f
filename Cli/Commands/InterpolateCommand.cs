using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta interpolate --model M --a A.mid --b B.mid --steps S [--match [--columns W]] [--encoder wta|omp|gain]
/// --out DIR [--wav W.wav]": mixes the two codes (as the encoder codes them) linearly in S steps, re-applies the
/// winner-take-all to each mix (k = 1 for gain), keeps the mix's energy and writes DIR/step-00.mid (A) to
/// DIR/step-S.mid (B) (<see cref="InterpolationStepFiles"/>: an earlier run's step files go), then the note counts
/// along the path. --match mixes the most cosine-similar W-column sections
/// instead of the common beginning. --plot draws the path's start (A) beside its middle step: A's notes kept and
/// dropped, and the notes the mix adds. --wav plays every step, A to B, a second of silence between two.
/// </summary>
public static class InterpolateCommand
{
    public static Command Create()
    {
        var options = new ApplicationOptions();
        var a = new Option<string>("--a") { Description = "The piece at t = 0 (MIDI)", Required = true };
        var b = new Option<string>("--b") { Description = "The piece at t = 1 (MIDI)", Required = true };
        var steps = new Option<int>("--steps")
        {
            Description = "Interpolation steps; S + 1 files are written",
            DefaultValueFactory = _ => 8,
        };
        var match = new Option<bool>("--match")
        {
            Description = "Interpolate the most cosine-similar sections of the two pieces",
        };
        var columns = new Option<int>("--columns")
        {
            Description = "With --match: section length in code columns (K steps each; one bar "
                + "for a one-bar Groove model)",
            DefaultValueFactory = _ => 4,
        };
        var output = new Option<string>("--out") { Description = "Folder for the MIDI files", Required = true };
        var overwrite = new OverwriteOption();
        var command = new Command("interpolate",
            "Interpolate linearly between the codes of two pieces, with the WTA applied to each mix")
        {
            a, b, steps, match, columns, output, overwrite.Option,
        };
        options.AddTo(command, withEncoder: true);
        var plot = new ComparisonPlotOption();
        plot.AddTo(command);
        var wav = new WavOption();
        wav.AddTo(command, withInput: false);
        command.SetGuardedAction(parse =>
        {
            plot.Check(parse);
            wav.Check(parse);
            if (!parse.GetValue(match))
                UnreadOptions.Refuse(parse, "an interpolation without --match, which takes the first code columns of "
                    + "both pieces", [columns]);
            int count = parse.GetValue(steps);
            if (count < 1 || count > InputLimits.MaxInterpolationSteps)
                throw new ArgumentException(
                    $"--steps must lie in [1, {InputLimits.MaxInterpolationSteps}], got {count}");
            overwrite.CheckFolder(parse, parse.GetValue(output)!);
            overwrite.CheckFiles(parse,
                [wav.File(parse), plot.File(parse), .. InterpolationStepFiles.Touched(parse.GetValue(output)!, count)],
                [parse.GetValue(a), parse.GetValue(b), .. options.ModelInputs(parse)]);
            using var opened = options.Open(parse);
            var trained = opened.Trained;
            var pieceA = opened.Windows(parse.GetValue(a)!);
            var pieceB = opened.Windows(parse.GetValue(b)!);
            WarnOfTimingChanges(pieceA, parse.GetValue(a)!, pieceA.Meter);
            WarnOfTimingChanges(pieceB, parse.GetValue(b)!, pieceA.Meter);
            var path = Interpolation.Between(trained, pieceA, pieceB, count,
                parse.GetValue(match) ? parse.GetValue(columns) : null, encoder: opened.Encoder);
            var s = path.Sections;
            Console.WriteLine(parse.GetValue(match)
                ? string.Create(CultureInfo.InvariantCulture,
                    $"matched sections: A columns {s.FirstA}..{s.FirstA + s.Columns - 1}, B columns "
                    + $"{s.FirstB}..{s.FirstB + s.Columns - 1}, cosine {s.Cosine:F3}")
                : $"interpolating the first {s.Columns} code columns of both pieces");
            string folder = parse.GetValue(output)!;
            var outputs = new OutputSet();
            var notes = new List<int>();
            var written = new List<string>();
            for (int i = 0; i <= count; i++)
            {
                string file = InterpolationStepFiles.Of(folder, i, count);
                var song = path.Decode(i).Song(Path.GetFileNameWithoutExtension(file));
                outputs.AddMidi(song, file, string.Create(CultureInfo.InvariantCulture,
                    $"t = {path.T(i):F3}: {song.Notes.Count} notes -> {file}"));
                written.Add(file);
                notes.Add(song.Notes.Count);
            }
            if (parse.GetValue(plot.Path) is not null)
            {
                // both read at A's tempo, as the path starts, so the middle's notes line up with A's
                int middle = (count + 1) / 2;
                var (start, halfway) = (path.Decode(0).Notes(), path.Decode(middle, path.Bpm(0)).Notes());
                plot.AddIfGiven(parse, outputs, trained, start, halfway, path.Bpm(0), pieceA.Meter,
                    "t = 0: A as the path starts",
                    string.Create(CultureInfo.InvariantCulture, $"t = {path.T(middle):F3}: the middle of the path"));
            }
            wav.AddIfGiven(parse, outputs, written, "every step, A to B, a second of silence between two");
            outputs.Write();
            InterpolationStepFiles.RemoveEarlier(folder, count);
            Console.WriteLine($"notes along the path, A to B: {string.Join(" -> ", notes)}");
            return 0;
        });
        return command;
    }

    // a step of the path is written at one tempo, between A's first and B's first, in A's first meter: a piece's
    // later tempos and meters are lost
    private static void WarnOfTimingChanges(ISignalWindows piece, string path, TimeSignature meter)
    {
        if (piece.Timing is not { } timing) return;
        int tempos = timing.Tempos.Select(change => change.MicrosecondsPerQuarter).Distinct().Count();
        if (tempos > 1)
            ApplicationOptions.Warn($"{path} changes tempo ({tempos} tempos); each interpolation step is written at "
                + "one tempo, between A's first and B's first, so its bars after a change play at other times than the "
                + "input's");
        if (timing.Meters.Count > 1)
            ApplicationOptions.Warn($"{path} changes meter ({string.Join(", ", timing.Meters)}); each interpolation "
                + $"step is written in A's first meter, {meter}, so its bar lines after a change fall elsewhere than "
                + "the input's");
    }
}
