using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Engine;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using TcnWtaNative.Training.Evaluation.RateDistortion.Piano;
using TcnWtaNative.Cli.Plots;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta evaluate --model M --data DIR [--split test]": the quality numbers of a trained model on a held-out split.
/// Groove models: rate against distortion on one-bar 4/4 sections — the model (its own encoder, and OMP over its
/// atoms) beside k-means, random training frames with OMP and PCA of the same size, at 1, 2, 4 and 8 non-zeros per bar
/// (hit precision, recall and F1 at 0.5 and at a validation-tuned threshold, velocity and offset MAE, MSE), a table, a
/// plot and JSON lines. Piano models of a fixed frame rate (piano roll): rate against distortion in non-zeros per
/// second of music, the model beside k-means and random training frames with OMP, by note-onset F1 and note F1 with
/// offsets on the first seconds of each piece (<see cref="PianoRateDistortion"/>). Events models: the mean loss per
/// piece and the note-onset F1 of the decoded reconstruction (same pitch within 50 ms), one row per k. On Groove,
/// --add-noise and --drop-hits score denoising, and --quantize alone humanizing (<see cref="GrooveRateDistortion"/>).
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new ApplicationOptions();
        var data = new Option<string>("--data")
        {
            Description = "The dataset folder the model's representation belongs to (Groove or MAESTRO)",
            Required = true,
        };
        var split = new Option<string>("--split")
        {
            Description = "Which split to score: train, validation or test",
            DefaultValueFactory = _ => "test",
        };
        var ks = new Option<int[]>("--k")
        {
            Description = "Events models: top-k values to score at (default: the model's own k)",
            AllowMultipleArgumentsPerToken = true,
        };
        var budgets = new Option<int[]>("--budgets")
        {
            Description = "Non-zeros per bar (Groove, default 1 2 4 8) or per second of music (piano "
                + "roll, default 5 10 20 40)",
            AllowMultipleArgumentsPerToken = true,
        };
        var encoder = new Option<ModelEncoders>("--encoder")
        {
            Description = "Score the model with its own encoder (wta), OMP over its atoms (omp), both, "
                + "gain search over its atoms "
                + "(gain: Groove models without --loss hits), the union code of two atoms per frame over its "
                + "atoms and the k-means and random ones (union: likewise) or all that apply",
            DefaultValueFactory = _ => ModelEncoders.All,
        };
        var noBaselines = new Option<bool>("--no-baselines")
        {
            Description = "Skip the baselines (k-means, random frames + OMP; Groove: PCA)",
        };
        var plot = new Option<string?>("--plot")
        {
            Description = "Write F1 against the budget to this PNG (Groove: hit F1; piano roll: onset F1)",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds k-means, the random frames, the piano training sample and --add-noise's and "
                + "--drop-hits' noise",
            DefaultValueFactory = _ => 1,
        };
        var maxPieces = new Option<int>("--max-pieces")
        {
            Description = "MAESTRO: score at most this many pieces of the split (0 = all)",
            DefaultValueFactory = _ => 0,
        };
        var addNoise = new Option<double?>("--add-noise")
        {
            Description = "Groove: score denoising instead: add RATE random extra hits per hit to every validation and "
                + "scored bar (as denoise --add-noise does to a file), code the noisy bars and score them against the "
                + "clean ones, beside the noisy bars and the training bars' cell prior",
        };
        var dropHits = new Option<double?>("--drop-hits")
        {
            Description = "Groove: score denoising of missed notes: take this share of the hits away from every "
                + "validation and scored bar (with or without --add-noise) and score against the clean bars",
        };
        var quantize = new Option<bool>("--quantize")
        {
            Description = "Groove: score humanizing instead: play every validation and scored bar's hits at velocity "
                + "100 on the grid, code them with the linear coders, play the same hits at the decoded velocities "
                + "and offsets and score those against the bars as played (with --add-noise or --drop-hits: "
                + "denoising of quantized bars)",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per row instead of a table" };
        var overwrite = new OverwriteOption();
        var command = new Command("evaluate",
            "Score a trained model's reconstructions on a held-out split: rate against distortion beside baselines "
            + "(Groove, piano roll), note F1 (events)")
        {
            data, split, ks, budgets, encoder, noBaselines, plot, seed, maxPieces, addNoise, dropHits, quantize, json,
            overwrite.Option,
        };
        var pianoStudy = new PianoStudyFlags();
        pianoStudy.AddTo(command);
        model.AddTo(command, withK: false);
        command.SetGuardedAction(parse =>
        {
            string dir = parse.GetValue(data)!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
            if (parse.GetValue(maxPieces) is < 0 and var pieces)
                throw new ArgumentException($"--max-pieces must be 0 (all pieces) or more, got {pieces}");
            OutputPaths.CheckPng(parse.GetValue(plot), "--plot");
            overwrite.CheckFiles(parse, [parse.GetValue(plot)], model.ModelInputs(parse));
            using var opened = model.Open(parse);
            var trained = opened.Trained;
            pianoStudy.Check(parse, trained);
            int[] kValues = parse.GetValue(ks) is { Length: > 0 } given
                ? [.. given.Select(k => ApplicationOptions.CheckK(k, trained))] : [trained.Model.TopK];
            var cache = new EncodingCache(EncodingCache.DefaultDirectory);
            var noise = HitNoise.Of(parse.GetValue(addNoise), parse.GetValue(dropHits), "--add-noise", "--drop-hits",
                parse.GetValue(quantize));
            if (noise is { } changed && trained.Representation.Settings.Kind != RepresentationKind.Groove)
                throw new ArgumentException(
                    $"{NoiseFlag(parse.GetValue(addNoise), parse.GetValue(dropHits))} scores "
                    + $"{(changed.ChangesHits ? "denoising" : "humanizing")} of Groove drum bars; this is a piano "
                    + "model");
            if (trained.Representation.Settings.Kind == RepresentationKind.Groove)
            {
                if (parse.GetValue(ks) is { Length: > 0 })
                    throw new ArgumentException(
                        "Groove models are scored per budget: use --budgets (non-zeros per bar), not --k");
                UnreadOptions.Refuse(parse, "a Groove model, whose study scores every bar of the split",
                    [maxPieces, .. pianoStudy.All]);
                if (parse.GetValue(noBaselines) && noise is null)
                    UnreadOptions.Refuse(parse, "a study with --no-baselines and no --add-noise or --drop-hits, "
                        + "which draws nothing at random", [seed]);
                int[] budgetValues = parse.GetValue(budgets) is { Length: > 0 } b ? b
                    : [.. GrooveRateDistortion.DefaultBudgets];
                var rows = GrooveRateDistortion.Evaluate(trained, dir, parse.GetValue(split)!, budgetValues,
                    parse.GetValue(encoder), !parse.GetValue(noBaselines), parse.GetValue(seed), cache,
                    noise, SkipLines.Print);
                WarnOfBudgetsWithoutTheModel(rows, budgetValues);
                RateDistortionReport.Print(rows, parse.GetValue(json));
                if (!parse.GetValue(json))
                    Console.WriteLine($"MSE baselines: {GrooveRateDistortion.Baselines(dir, parse.GetValue(split)!,
                        trained.Model.Config.FrameLength, cache).Describe()} (the train split's)");
                string task = noise is { } added ? $"denoising {added}" : "rate against distortion";
                string against = noise is null ? "" : " against the clean bars";
                bool humanizing = noise is { ChangesHits: false };
                if (parse.GetValue(plot) is { } plotPath)
                    RateDistortionPlot.Save(plotPath,
                        [.. rows.Select(r => new RatePoint(r.Method, r.NonzerosPerBar,
                            humanizing ? r.VelocityMae : r.HitF1))],
                        $"Groove {parse.GetValue(split)} split: {(humanizing ? "humanizing quantized bars" : task)}",
                        "non-zeros per bar",
                        humanizing ? "velocity MAE against the bars as played (MIDI velocity / 127)"
                            : $"hit F1{against} (threshold 0.5)");
                return 0;
            }
            if (PianoRateDistortion.Applies(trained.Representation))
            {
                if (parse.GetValue(ks) is { Length: > 0 })
                    throw new ArgumentException(
                        "piano-roll models are scored per budget: use --budgets (non-zeros per second), not --k");
                if (parse.GetValue(noBaselines))
                    UnreadOptions.Refuse(parse, "a study with --no-baselines, which samples no training pieces",
                        [seed, .. pianoStudy.BaselineSample]);
                if (parse.GetValue(noBaselines) && parse.GetValue(encoder) == ModelEncoders.Wta)
                    UnreadOptions.Refuse(parse, "the model's own encoder alone (--encoder wta --no-baselines), which "
                        + "runs no OMP", [pianoStudy.OffsetWeight]);
                var options = pianoStudy.Options(parse, parse.GetValue(budgets), parse.GetValue(maxPieces),
                    parse.GetValue(encoder), !parse.GetValue(noBaselines), parse.GetValue(seed));
                var result = PianoRateDistortion.Evaluate(trained, dir, parse.GetValue(split)!, options);
                PianoRateDistortionReport.Print(result, trained, parse.GetValue(json));
                if (parse.GetValue(plot) is { } plotPath)
                    RateDistortionPlot.Save(plotPath,
                        [.. result.Rows.Select(r => new RatePoint(r.Method, r.NonzerosPerSecond, r.OnsetF1))],
                        $"MAESTRO {parse.GetValue(split)} split: rate against distortion", "non-zeros per second",
                        "note-onset F1 (50 ms)");
                return 0;
            }
            UnreadOptions.Refuse(parse, "an events model, scored at --k by its own encoder beside its loss "
                + "baselines", [budgets, encoder, noBaselines, plot, seed, .. pianoStudy.All]);
            Print(PianoRows(trained, dir, parse.GetValue(split)!, parse.GetValue(maxPieces), kValues),
                parse.GetValue(json));
            return 0;
        });
        return command;
    }

    // each k's row; the pieces are read from their files for each pass (the mean frame, the baselines, each k), a
    // piece at a time, and go through the model window by window
    private static List<Dictionary<string, object>> PianoRows(TrainedModel trained, string dir, string split,
        int maxPieces, int[] ks)
    {
        var index = MaestroIndex.Load(dir);
        var entries = index.Select(new MaestroFilter(Split: split));
        if (maxPieces > 0) entries = [.. entries.Take(maxPieces)];
        if (entries.Count == 0) throw new ArgumentException($"the {split} split has no pieces");
        IEnumerable<ISignalWindows> Pieces()
            => entries.Select(e => trained.Representation.Windows(MidiReader.Read(index.PathOf(e))));
        var config = trained.Model.Config;
        var baselines = PieceBaselines(Pieces, config);
        return [.. ks.Select(k =>
        {
            trained.Model.TopK = k;
            var (loss, notes) = ReconstructionEvaluation.Pieces(trained, Pieces());
            var row = new Dictionary<string, object>
            {
                ["k"] = k, ["split"] = split, ["pieces"] = entries.Count,
                ["loss"] = AgreedDigits(loss), ["loss_kind"] = config.Loss.ToString().ToLowerInvariant(),
                ["note_precision"] = notes.Precision, ["note_recall"] = notes.Recall, ["note_f1"] = notes.F1,
            };
            if (baselines is not null)
                (row["all_zeros_loss"], row["mean_frame_loss"]) = (baselines.Zeros, baselines.MeanFrame);
            return row;
        })];
    }

    // a loss summed window by window in float agrees with the whole-piece sum to about 6 significant digits: 5 are
    // shown
    private static double AgreedDigits(double loss)
        => loss == 0 || !double.IsFinite(loss) ? loss
            : Math.Round(loss, Math.Clamp(4 - (int)Math.Floor(Math.Log10(Math.Abs(loss))), 0, 15));

    // the loss baselines averaged over the scored pieces as the model's loss is, the mean frame fitted on those same
    // pieces (no train split is loaded)
    private static LossBaselines? PieceBaselines(Func<IEnumerable<ISignalWindows>> pieces, AutoencoderConfig config)
    {
        if (!LossBaselines.Apply(config.Loss)) return null;
        var frame = LossBaselines.FitMeanFrame(pieces(), config.FrameLength);
        var each = pieces().Select(p => LossBaselines.OfPiece(p, frame, config.FrameLength, config.Loss)).ToList();
        return new LossBaselines(each.Average(b => b.Zeros), each.Average(b => b.MeanFrame));
    }

    // the events table's columns: row key and header (the loss column is named by the loss); split and pieces go in
    // the title
    private static readonly (string Key, string Header)[] Columns =
    [
        ("k", "k"), ("loss", "loss"), ("all_zeros_loss", "all zeros"), ("mean_frame_loss", "mean frame"),
        ("note_precision", "note P"), ("note_recall", "note R"), ("note_f1", "note F1"),
    ];

    private static void Print(List<Dictionary<string, object>> rows, bool json)
    {
        if (json)
        {
            foreach (var row in rows) Console.WriteLine(JsonSerializer.Serialize(row));
            return;
        }
        var first = rows[0];
        var columns = Columns.Where(column => first.ContainsKey(column.Key)).ToList();
        var table = new Table { Title = new TableTitle($"{first["split"]} split, {first["pieces"]} pieces") };
        string lossName = first["loss_kind"].ToString()!.ToUpperInvariant();
        foreach (var (key, header) in columns)
            table.AddColumn(new TableColumn(key == "loss" ? lossName : header).RightAligned());
        foreach (var row in rows)
            table.AddRow(
                [.. columns.Select(column => row[column.Key] is double d
                ? d.ToString(column.Key.EndsWith("loss") ? "G5" : "0.0000") : $"{row[column.Key]}")]);
        AnsiConsole.Write(table);
        Console.WriteLine(
            $"{lossName}: the model's loss, each piece's mean (5 significant digits), averaged over pieces;");
        Console.WriteLine("all zeros, mean frame: that loss of an all-zero output and of these pieces'");
        Console.WriteLine("mean frame repeated; note P, R, F1: note onsets matched within 50 ms.");
    }

    // the flag that asked a piano model for drum-hit noise: --add-noise, --drop-hits, else --quantize
    private static string NoiseFlag(double? addNoise, double? dropHits)
        => addNoise is not null ? "--add-noise" : dropHits is not null ? "--drop-hits" : "--quantize";

    // a budget the model's coders cannot spend exactly keeps the baselines' rows alone: said, not left to be noticed
    private static void WarnOfBudgetsWithoutTheModel(IReadOnlyList<RateDistortionRow> rows, IReadOnlyList<int> budgets)
    {
        var alone = budgets.Where(budget => !rows.Any(row => row.NonzerosPerBar == budget
            && ModelComparison.IsModelMethod(row.Method))).Distinct().ToList();
        if (alone.Count > 0)
            ApplicationOptions.Warn($"the model's coders spend none of {string.Join(" or ", alone)} non-zeros per "
                + "bar exactly (their budgets are whole multiples of its frames per bar, up to its atoms' count); "
                + "the baselines alone have rows there");
    }
}
