using System.CommandLine;
using Spectre.Console;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Training.Evaluation.Generation;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta evaluate-generation --model M --data DIR [--split test] [--sections 1000] [--section-bars 1] [--encoder E]
/// [--seed S] [--json]": how real a Groove model's generated 4/4 sections are, beside baselines fit on the same train
/// split (<see cref="GrooveGeneration"/>), as a table (its velocity and offset columns where the terminal fits them)
/// or one JSON line per row.
/// </summary>
public static class EvaluateGenerationCommand
{
    public static Command Create()
    {
        var model = new ApplicationOptions();
        var data = new Option<string>("--data") { Description = "The Groove dataset folder", Required = true };
        var split = new Option<string>("--split")
        {
            Description = "The held-out split the generated bars are compared with: validation or test",
            DefaultValueFactory = _ => "test",
        };
        var sections = new Option<int>("--sections")
        {
            Description = "Sections each generator makes",
            DefaultValueFactory = _ => GrooveGeneration.DefaultSections,
        };
        var sectionBars = new Option<int>("--section-bars")
        {
            Description = "Bars per section: 1 scores single bars, more also how bars follow each other",
            DefaultValueFactory = _ => 1,
        };
        var seed = new Option<int>("--seed") { Description = "Seeds every generator", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per row instead of a table" };
        var command = new Command("evaluate-generation",
            "Score a Groove model's generated drum sections against held-out ones (realism, coverage, copies, "
            + "velocity and offset distances) beside baselines")
        {
            data, split, sections, sectionBars, seed, json,
        };
        model.AddTo(command, withK: false, withEncoder: true);
        command.SetGuardedAction(parse =>
        {
            string dir = parse.GetValue(data)!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
            using var opened = model.Open(parse);
            var rows = GrooveGeneration.Evaluate(opened.Trained, dir, parse.GetValue(split)!, parse.GetValue(sections),
                parse.GetValue(sectionBars), opened.Encoder, parse.GetValue(seed),
                new EncodingCache(EncodingCache.DefaultDirectory), SkipLines.Print);
            if (parse.GetValue(json)) RateDistortionReport.PrintJsonLines(rows);
            else Print(rows, parse.GetValue(split)!, opened.Coding);
            return 0;
        });
        return command;
    }

    // the table with the velocity and offset columns where the terminal fits it, without them where it does not
    private static void Print(IReadOnlyList<GenerationRow> rows, string split, string coding)
    {
        var first = rows[0];
        var wide = Table(rows, split, coding, withValues: true);
        bool narrow = !RateDistortionReport.Fits(wide, AnsiConsole.Profile.Width);
        AnsiConsole.Write(narrow ? Table(rows, split, coding, withValues: false) : wide);
        Console.WriteLine($"realism: each generated section's hit F1 against its nearest {split} section; coverage: "
            + $"each {split} section's against its nearest generated one;");
        Console.WriteLine("train F1: each generated section's against its nearest training section; copied: generated "
            + $"sections whose hits equal a training section's; the {split} sections hold "
            + $"{first.HeldOutHitsPerBar:0.0} hits a bar.");
        Console.WriteLine(narrow
            ? "vel W1 and off W1, how far the hits' velocities and offsets lie from the held-out ones': --json."
            : "vel W1, off W1: per drum, the earth mover's distance of the generated hits' velocities (/127) and "
                + $"offsets (grid units, half a 16th) from the {split} hits', weighted by the drum's share of them.");
        if (rows.Any(r => r.RealismLow is null || r.CoverageLow is null))
            Console.WriteLine("[-]: no interval from a single section.");
        foreach (var r in rows) Console.WriteLine($"  {r.Method}: {r.Meaning}");
    }

    private static Table Table(IReadOnlyList<GenerationRow> rows, string split, string coding, bool withValues)
    {
        var first = rows[0];
        string what = first.SectionBars == 1 ? "one-bar" : $"{first.SectionBars}-bar";
        var table = new Table
        {
            Title = new TableTitle(
                $"Generated {what} 4/4 Groove sections against the {split} split (model: {coding})"),
        };
        string[] hitHeaders = ["method", "sections", "realism [95% CI]", "coverage [95% CI]", "train F1", "copied",
            "hits/bar"];
        foreach (var header in withValues ? [.. hitHeaders, "vel W1", "off W1"] : hitHeaders)
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        foreach (var r in rows)
        {
            string[] hitCells =
            [
                r.Method, $"{r.Sections}", WithInterval(r.Realism, r.RealismLow, r.RealismHigh),
                WithInterval(r.Coverage, r.CoverageLow, r.CoverageHigh), $"{r.NearestTrainF1:0.000}",
                $"{r.Copied:P1}", $"{r.HitsPerBar:0.0}",
            ];
            string[] cells = withValues ? [.. hitCells, Distance(r.VelocityW1), Distance(r.OffsetW1)] : hitCells;
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        return table;
    }

    // a mean F1 with its 95% interval, "[-]" where a single section gives none
    private static string WithInterval(double mean, double? low, double? high)
        => low is { } l && high is { } h ? $"{mean:0.000} [{l:0.000}, {h:0.000}]" : $"{mean:0.000} [-]";

    // a velocity or offset distance, "-" where the generated sections hit no drum the held-out ones do
    private static string Distance(double? value) => value is { } w1 ? $"{w1:0.000}" : "-";
}
