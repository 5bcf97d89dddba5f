using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Commands;

/// <summary>Prints rate–distortion rows: a table with units and what each budget means, or one JSON line per row.</summary>
public static class RateDistortionReport
{
    /// <summary>The rows as a table (json false) or as JSON lines with snake_case keys.</summary>
    public static void Print(IReadOnlyList<RateDistortionRow> rows, bool json)
    {
        if (json)
        {
            PrintJsonLines(rows);
            return;
        }
        var first = rows[0];
        var table = new Table { Title = new TableTitle($"Groove {first.Split} split, {first.Sections} one-bar sections") };
        foreach (var header in new[] { "method", "nz/bar", "N", "prec", "recall", "hit F1 [95% CI]", "thr*", "F1 at thr*", "vel MAE", "off MAE (16ths)", "MSE" })
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        foreach (var r in rows)
            table.AddRow(new[] { r.Method, $"{r.NonzerosPerBar}", $"{r.Atoms}", $"{r.HitPrecision:0.000}", $"{r.HitRecall:0.000}",
                $"{r.HitF1:0.000} [{r.HitF1Low:0.000}, {r.HitF1High:0.000}]", $"{r.TunedThreshold:0.00}", $"{r.TunedHitF1:0.000}",
                $"{r.VelocityMae:0.000}", $"{r.OffsetMaeSteps:0.000}", $"{r.Mse:0.0000}" }.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        Console.WriteLine("hits: hit channel > 0.5; thr*: the threshold with the best F1 on the validation split, applied here; "
            + "vel MAE in MIDI velocity / 127 on true hits; MSE over all 27 channels.");
        foreach (var r in rows.GroupBy(r => (r.Method, r.NonzerosPerBar)).Select(g => g.First()))
            Console.WriteLine($"  {r.Method} at {r.NonzerosPerBar}/bar: {r.BudgetMeaning}");
    }

    /// <summary>One JSON line per row, snake_case keys.</summary>
    public static void PrintJsonLines<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows) Console.WriteLine(JsonSerializer.Serialize(row, JsonLines));
    }

    private static readonly JsonSerializerOptions JsonLines = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
