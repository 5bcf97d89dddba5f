using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training;
using TcnWtaNative.Training.Analysis;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta classify --model M --dataset groove|maestro --data DIR --label L": linear probes (multinomial logistic
/// regression) on pooled code statistics (FeatureSet.CodeSets) and on the model-free baselines, all
/// trained on the train split, λ chosen on the validation split (or, with --folds K, by stratified K-fold
/// cross-validation over the pieces not held out, with --group dealing whole sessions or compositions to folds, the
/// probes then refit on all of them), scored on the held-out one;
/// one table with Wilson 95% intervals and the majority-label chance level, the code set with the best validation (or
/// cross-validation) accuracy as its own row, and that row against each baseline, paired over the held-out pieces,
/// under the table; each row's correct/total again on the held-out pieces of groups (sessions, compositions) the final
/// probes learned from and of new ones (<see cref="HeldOutPart"/>), and the selected row against each baseline on each.
/// With --unit segment the probes learn from segments of --segment-bars bars (ClassifyUnitOptions) and predict each
/// piece from its segments; every score stays per piece.
/// </summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var inputs = new ClassifyInputs(
            "What to predict: drummer, style, meter or beat-type (Groove), composer (MAESTRO)",
            [.. PieceLabels.GrooveLabels, .. PieceLabels.MaestroLabels]);
        var dataset = new Option<string>("--dataset")
        {
            Description = "Which dataset: groove or maestro (default: the model's, as in styles and evaluate)",
        };
        dataset.AcceptOnlyChoices(PieceLabels.Groove, PieceLabels.Maestro);
        var l2 = new Option<double[]>("--l2")
        {
            Description = "L2 penalties λ to choose from on the validation split, or by --folds (features are "
                + "standardized on the pieces each fit learns from); one value with --split validation and no "
                + "--folds",
            DefaultValueFactory = _ => [1e-4, 1e-3, 1e-2, 1e-1, 1], AllowMultipleArgumentsPerToken = true,
        };
        var features = new Option<string[]>("--features")
        {
            Description = $"Code feature sets to probe, any of {string.Join(", ", FeatureSet.CodeSetNames)} "
                + "(the baselines always run; default: all but intervals and max+intervals, which "
                + "need a piano-roll model, and for a piano model all but decoded-mean and decoded-profile, which "
                + "need a drum model)",
            AllowMultipleArgumentsPerToken = true,
        };
        features.AcceptOnlyFromAmong([.. FeatureSet.CodeSetNames]);
        var folds = new Option<int?>("--folds")
        {
            Description = "Choose λ and the code set by stratified K-fold cross-validation (K >= 2) over the pieces "
                + "not held out (train and validation with --split test, train with --split validation), then refit "
                + "each probe on all of them (default: off, λ chosen on the validation split); K times the fits",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the shuffle that deals each label's pooled pieces (with --group, the groups) over "
                + "the --folds folds",
            DefaultValueFactory = _ => StratifiedFolds.DefaultSeed,
        };
        var group = new Option<string>("--group")
        {
            Description = "With --folds, deal whole groups of pieces to folds so no group spans two: session "
                + "(Groove's recording sessions) or composition (MAESTRO's); labels whose pooled pieces, or their "
                + "--per-label sample, share one group are dropped (default: none, piece by piece)",
            DefaultValueFactory = _ => PieceGrouping.None,
        };
        group.AcceptOnlyChoices([.. PieceGrouping.Names]);
        var output = new Option<string?>("--out")
        {
            Description = "Also write the result as JSON (snake_case keys) to this file",
        };
        var overwrite = new OverwriteOption();
        var unit = new ClassifyUnitOptions();
        var command = new Command("classify",
            "Linear probes on pooled sparse-code statistics against model-free baselines")
        {
            dataset, l2, features, folds, seed, group, output, overwrite.Option,
        };
        foreach (var option in inputs.All.Concat(unit.All)) command.Add(option);
        command.SetGuardedAction(parse =>
        {
            var grid = parse.GetValue(l2)!;
            if (grid.Length == 0 || grid.Any(lambda => !(lambda >= 0)))
                throw new ArgumentException($"--l2 values must be zero or positive, got {string.Join(" ", grid)}");
            int foldCount = parse.GetValue(folds) ?? 0;
            if (parse.GetValue(folds) is < 2)
                throw new ArgumentException($"--folds must be 2 or more, got {foldCount}");
            if (grid.Length > 1 && foldCount == 0 && parse.GetValue(inputs.Split) == PieceSelection.TuningSplit)
                throw new ArgumentException(
                    "--split validation leaves no split to choose λ on; give one --l2 value or --folds");
            string grouping = parse.GetValue(group)!;
            if (grouping != PieceGrouping.None && foldCount == 0)
                throw new ArgumentException($"--group {grouping} chooses how --folds deals pieces; give --folds K");
            if (foldCount == 0)
                UnreadOptions.Refuse(parse, "a probe without --folds, whose λ is chosen on the validation split and "
                    + "which deals nothing", [seed]);
            var segmentBars = unit.BarsOf(parse);
            string modelPath = parse.GetValue(inputs.Model)!;
            overwrite.CheckFiles(parse, [parse.GetValue(output)], [modelPath, new RunFolder(modelPath).Model]);
            using var backend = DeviceOption.Open(parse, inputs.Device);
            List<FeatureSet> asked = [.. (parse.GetValue(features) ?? []).Distinct().Select(FeatureSet.Code)];
            var study = inputs.Load(parse, parse.GetValue(dataset), backend, withTuning: true, asked, grouping,
                segmentBars);
            var sets = (asked.Count > 0 ? asked : FeatureSet.DefaultNames(study.Kind).Select(FeatureSet.Code))
                .Concat(study.Baselines).ToList();
            var result = ProbeStudy.Run(study.Train, study.Tuning, study.HeldOut, sets, grid, foldCount,
                parse.GetValue(seed), grouping);
            var selected = result.SelectedCodeRow();
            var comparisons = new BaselineComparisons(result);
            var parts = HeldOutPart.Of(result, study.Dataset);
            Print(ClassifyInputs.Terminal(), study, result, selected, comparisons, [parts.Seen, parts.New]);
            if (parse.GetValue(output) is { } path)
                AtomicFile.WriteAll([AtomicFile.Text(path, Json(study, result, selected, comparisons, parts))]);
            return 0;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, ClassifyInputs.Study study, ProbeStudy result,
        ProbeStudy.Row? selected, BaselineComparisons comparisons, IReadOnlyList<HeldOutPart> parts)
    {
        string pieces = result.Folds > 0
            ? $"{result.TrainCount} {Pooled(result)} pieces pooled for {Chooser(result)} (seed {result.Seed}), "
                + $"{result.HeldOutCount} {study.Split} pieces"
            : $"{result.TrainCount} train pieces, {result.HeldOutCount} {study.Split} pieces" + (result.TuningCount > 0
                ? $", {result.TuningCount} {PieceSelection.TuningSplit} pieces to choose λ" : "");
        console.MarkupLine(Markup.Escape($"{study.Dataset} {study.Label}: {result.ClassCount} classes, {pieces}"));
        console.MarkupLine(Markup.Escape($"code rows: the model's code over its {study.Atoms} atoms, {study.Coding}"));
        foreach (string line in SegmentLines(study, result)) console.MarkupLine(Markup.Escape(line));
        if (result.Grouping != PieceGrouping.None)
            console.MarkupLine(Markup.Escape(
                $"folds dealt by {result.Grouping}: {result.Groups} {result.Grouping}s, none split between two folds"));
        string tuned = result.Folds > 0 ? $"{Chooser(result)} accuracy\n({result.TrainCount} pieces)"
            : $"{PieceSelection.TuningSplit} accuracy";
        foreach (var part in parts) console.MarkupLine(Markup.Escape(part.Description(study.Split)));
        var shown = parts.Where(part => part.Pieces.Count > 0).ToList();
        bool chosen = study.SegmentBars.Count > 1;
        var table = new Table()
            .AddColumns(["linear probe on", "features", .. chosen ? ["B"] : Array.Empty<string>(), "λ", tuned,
                $"{study.Split} accuracy [[95% CI]]", .. shown.Select(part => part.Head)]);
        foreach (var row in result.Rows)
            AddRow(table, row.Features.FromCode ? $"{row.Features.Name} code" : row.Features.Name, row, shown,
                chosen ? study.SegmentBars : null);
        if (selected is not null)
            AddRow(table, $"selected code: {selected.Features.Name}", selected, shown,
                chosen ? study.SegmentBars : null);
        table.AddRow(["chance (majority label)", "", .. chosen ? [""] : Array.Empty<string>(), "", "",
            Markup.Escape(result.Chance.ToString()), .. shown.Select(_ => "")]);
        console.Write(table);
        if (selected is null) return;
        var lines = ProbeComparisonReport.Lines(selected, Chooser(result), study.Split, comparisons.Of(selected))
            .Concat(shown.SelectMany(part => part.Lines(selected, study.Split)));
        foreach (string line in lines) console.MarkupLine(Markup.Escape(line));
    }

    // what chose λ and the code set, as the table and the comparison line name it: "validation" or "5-fold CV"
    private static string Chooser(ProbeStudy result)
        => result.Folds > 0 ? $"{result.Selection} CV" : result.Selection;

    // the splits whose pieces cross-validation pooled
    private static string Pooled(ProbeStudy result)
        => result.TuningCount > 0 ? $"{PieceSelection.TrainSplit} and {PieceSelection.TuningSplit}"
            : PieceSelection.TrainSplit;

    // a table row; with candidate lengths, the length the row chose (B, or "piece" for the whole piece)
    private static void AddRow(Table table, string name, ProbeStudy.Row row, IReadOnlyList<HeldOutPart> parts,
        IReadOnlyList<int>? candidateBars)
    {
        string tuned = row.Tuning is { } t ? t.Accuracy.ToString("P1", CultureInfo.InvariantCulture) : "-";
        string[] bars = candidateBars is null ? [] : [BarsName(candidateBars[row.Cut])];
        table.AddRow([Markup.Escape(name), row.Dimensions.ToString(CultureInfo.InvariantCulture), .. bars,
            row.L2.ToString("G3", CultureInfo.InvariantCulture), tuned, Markup.Escape(row.Accuracy.ToString()),
            .. parts.Select(part => part.Cell(row))]);
    }

    private static string BarsName(int bars) => bars > 0 ? bars.ToString(CultureInfo.InvariantCulture) : "piece";

    // the segment lengths, each with its columns and its mean segments a piece, and how a probe chooses among several
    private static IEnumerable<string> SegmentLines(ClassifyInputs.Study study, ProbeStudy result)
    {
        var perCut = result.RowsPerCut ?? [result.RowsPerPiece];
        for (int cut = 0; cut < study.SegmentBars.Count; cut++)
            yield return study.SegmentBars[cut] == 0 ? "candidate: whole pieces, one row a piece"
                : FormattableString.Invariant(
                    $"segments of {study.SegmentBars[cut]} bars ({study.SegmentColumns[cut]} code columns), ")
                + FormattableString.Invariant($"{perCut[cut]:0.0} a piece on average: probes learn from the ")
                + "segments and predict a piece by its segments' summed log-probabilities";
        if (study.SegmentBars.Count > 1)
            yield return $"each probe chooses its length (column B) with its λ by {Chooser(result)} "
                + "(ties: the higher log-likelihood, the larger λ, the shorter length)";
    }

    private static string Json(ClassifyInputs.Study study, ProbeStudy result, ProbeStudy.Row? selected,
        BaselineComparisons comparisons, (HeldOutPart Seen, HeldOutPart New) parts)
    {
        var (seen, fresh) = parts;
        var seenPieces = seen.Pieces.ToHashSet();
        bool single = study.SegmentBars.Count == 1;
        static object Score(AccuracyInterval a)
            => new { accuracy = a.Accuracy, lower95 = a.Lower, upper95 = a.Upper, correct = a.Correct,
                total = a.Total };
        return JsonSerializer.Serialize(new
        {
            dataset = study.Dataset, label = study.Label, split = study.Split, classes = result.ClassCount,
            selection = result.Selection, folds = result.Folds > 0 ? result.Folds : (int?)null,
            seed = result.Folds > 0 ? result.Seed : (int?)null, grouping = result.Grouping,
            groups = result.Grouping == PieceGrouping.None ? (int?)null : result.Groups, atoms = study.Atoms,
            train = result.TrainCount, tuning = result.TuningCount, held_out = result.HeldOutCount,
            seen_group_pieces = seen.Pieces.Count, new_group_pieces = fresh.Pieces.Count,
            unit = study.SegmentBars.Count > 0 ? ClassifyUnitOptions.Segment : ClassifyUnitOptions.Piece,
            segment_bars = single ? study.SegmentBars[0] : (int?)null,
            segment_columns = single ? study.SegmentColumns[0] : (int?)null,
            segments_per_piece = single || study.SegmentBars.Count == 0 ? result.RowsPerPiece : (double?)null,
            segment_candidates = study.SegmentBars.Count > 1 ? study.SegmentBars.Select((bars, cut) => new
            {
                segment_bars = bars, segment_columns = study.SegmentColumns[cut],
                segments_per_piece = result.RowsPerCut![cut],
            }) : null,
            chance = Score(result.Chance),
            pieces = study.HeldOut.Select((p, i) => new
            {
                path = p.Piece.Path, label = p.Piece.Label, group = p.Piece.Group, seen_group = seenPieces.Contains(i),
            }),
            probes = result.Rows.Select(row => new
            {
                features = row.Features.Name, from_code = row.Features.FromCode, dimensions = row.Dimensions,
                segment_bars = study.SegmentBars.Count > 0 ? study.SegmentBars[row.Cut] : (int?)null,
                l2 = row.L2, tuning_accuracy = row.Tuning is { } t ? Score(t) : null,
                tuning_log_likelihood = row.TuningLikelihood, accuracy = Score(row.Accuracy),
                seen_groups = ScoreOn(seen, row), new_groups = ScoreOn(fresh, row),
                against_baselines = row.Features.FromCode
                    ? ProbeComparisonReport.Json(comparisons.Of(row)) : null,
                predicted = row.Predicted, probability = row.Probability,
            }),
            selected = selected is null ? null : new
            {
                features = selected.Features.Name, l2 = selected.L2, tuning_accuracy = Score(selected.Tuning!),
                accuracy = Score(selected.Accuracy),
                against_baselines = ProbeComparisonReport.Json(comparisons.Of(selected)),
                seen_groups = ScoreOn(seen, selected), new_groups = ScoreOn(fresh, selected),
                seen_groups_against_baselines = seen.AgainstBaselinesJson(selected),
                new_groups_against_baselines = fresh.AgainstBaselinesJson(selected),
                confusion_matrix = Confusion(study, selected),
            },
        }, new JsonSerializerOptions { WriteIndented = true });

        object? ScoreOn(HeldOutPart part, ProbeStudy.Row row) => part.Score(row) is { } s ? Score(s) : null;
    }

    // the row's confusion matrix over the held-out pieces: labels, and counts[true][predicted]
    private static object Confusion(ClassifyInputs.Study study, ProbeStudy.Row row)
    {
        var matrix = ConfusionMatrix.Of([.. study.HeldOut.Select(p => p.Piece.Label)], row.Predicted);
        return new { labels = matrix.Labels, counts = matrix.Counts };
    }
}
