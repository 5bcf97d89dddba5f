using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta evaluate --model M --data DIR [--split test] [--k 1,4]": the quality numbers of a trained model on a
/// held-out split. Groove models: the loss over one-bar (or --bars) 4/4 sections, hit precision, recall and F1 of the
/// reconstruction, velocity and onset-offset MAE on true hits. Piano models: the mean loss per piece and the
/// note-onset F1 of the decoded reconstruction (same pitch within 50 ms). One row per k.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new ApplicationOptions();
        var data = new Option<string>("--data") { Description = "The dataset folder the model's representation belongs to (Groove or MAESTRO)", Required = true };
        var split = new Option<string>("--split") { Description = "Which split to score: train, validation or test", DefaultValueFactory = _ => "test" };
        var ks = new Option<int[]>("--k") { Description = "Top-k values to score at (default: the model's own k)", AllowMultipleArgumentsPerToken = true };
        var bars = new Option<int>("--bars") { Description = "Groove: bars per section (as in training)", DefaultValueFactory = _ => 1 };
        var maxPieces = new Option<int>("--max-pieces") { Description = "MAESTRO: score at most this many pieces of the split (0 = all)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per k instead of a table" };
        var command = new Command("evaluate", "Score a trained model's reconstructions on a held-out split: loss, hit or note F1, velocity and timing errors")
        {
            data, split, ks, bars, maxPieces, json,
        };
        model.AddTo(command, withK: false);
        command.SetGuardedAction(parse =>
        {
            string dir = parse.GetValue(data)!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
            using var opened = model.Open(parse);
            var trained = opened.Trained;
            int[] kValues = parse.GetValue(ks) is { Length: > 0 } given ? [.. given.Select(k => ApplicationOptions.CheckK(k, trained))] : [trained.Model.TopK];
            var cache = new EncodingCache(EncodingCache.DefaultDirectory);
            var rows = trained.Representation.Settings.Kind == RepresentationKind.Groove
                ? GrooveRows(trained, dir, parse.GetValue(split)!, parse.GetValue(bars), kValues, cache)
                : PianoRows(trained, dir, parse.GetValue(split)!, parse.GetValue(maxPieces), kValues, cache);
            Print(rows, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static List<Dictionary<string, object>> GrooveRows(TrainedModel trained, string dir, string split, int bars, int[] ks, EncodingCache cache)
    {
        var dataset = GrooveDataset.Open(dir, new GrooveFilter(Split: split), cache, bars);
        var sections = dataset.Sections.Select(s => s.Grid).ToList();
        if (sections.Count == 0) throw new ArgumentException($"the {split} split has no {bars}-bar 4/4 sections");
        int steps = dataset.Sections[0].Steps;
        return [.. ks.Select(k =>
        {
            trained.Model.TopK = k;
            var (loss, hits) = ReconstructionEvaluation.GrooveSections(trained.Model, sections, steps);
            return new Dictionary<string, object>
            {
                ["k"] = k, ["split"] = split, ["sections"] = sections.Count, ["loss"] = loss,
                ["hit_precision"] = hits.Precision, ["hit_recall"] = hits.Recall, ["hit_f1"] = hits.F1,
                ["velocity_mae"] = hits.VelocityMae, ["offset_mae_steps"] = hits.OffsetMaeSteps,
            };
        })];
    }

    private static List<Dictionary<string, object>> PianoRows(TrainedModel trained, string dir, string split, int maxPieces, int[] ks, EncodingCache cache)
    {
        var index = MaestroIndex.Load(dir);
        var entries = index.Select(new MaestroFilter(Split: split));
        if (maxPieces > 0) entries = [.. entries.Take(maxPieces)];
        if (entries.Count == 0) throw new ArgumentException($"the {split} split has no pieces");
        var pieces = entries.Select(e => trained.EncodeFile(index.PathOf(e))).ToList();
        return [.. ks.Select(k =>
        {
            trained.Model.TopK = k;
            var (loss, notes) = ReconstructionEvaluation.Pieces(trained.Model, trained.Representation, pieces);
            return new Dictionary<string, object>
            {
                ["k"] = k, ["split"] = split, ["pieces"] = pieces.Count, ["loss"] = loss,
                ["note_precision"] = notes.Precision, ["note_recall"] = notes.Recall, ["note_f1"] = notes.F1,
            };
        })];
    }

    private static void Print(List<Dictionary<string, object>> rows, bool json)
    {
        if (json)
        {
            foreach (var row in rows) Console.WriteLine(JsonSerializer.Serialize(row));
            return;
        }
        var table = new Table();
        foreach (var key in rows[0].Keys) table.AddColumn(key);
        foreach (var row in rows) table.AddRow([.. row.Values.Select(v => v is double d ? d.ToString("0.0000") : v.ToString()!)]);
        AnsiConsole.Write(table);
    }
}
