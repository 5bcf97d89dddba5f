using System.Text.Json;
using Spectre.Console;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// Prints rate–distortion rows: a table with units and what each budget means, or one JSON line per row.
/// </summary>
public static class RateDistortionReport
{
    /// <summary>
    /// The rows as a table (json false) or as JSON lines with snake_case keys. The table shows every column where the
    /// terminal is wide enough for all of them (<see cref="Fits"/>), the five that matter most where it is not.
    /// </summary>
    public static void Print(IReadOnlyList<RateDistortionRow> rows, bool json)
    {
        if (json)
        {
            PrintJsonLines(rows);
            return;
        }
        if (rows[0] is { Quantized: true, NoiseRate: 0, DropFraction: 0 })
        {
            HumanizingReport.Print(rows);
            return;
        }
        var wide = Table(rows, wide: true);
        bool narrow = !Fits(wide, AnsiConsole.Profile.Width);
        var table = narrow ? Table(rows, wide: false) : wide;
        AnsiConsole.Write(table);
        Console.WriteLine("hits: hit channel > 0.5; thr*: the threshold best on the validation split.");
        Console.WriteLine(narrow
            ? "MSE over all 27 channels; precision, recall, velocity and offset MAE: --json."
            : "MSE over all 27 channels; vel MAE in MIDI velocity / 127 and off MAE in 16th steps, on true hits; "
                + "found: vel MAE on the hits the row finds.");
        foreach (var r in rows.GroupBy(r => (r.Method, r.NonzerosPerBar)).Select(g => g.First()))
            Console.WriteLine($"  {r.Method} at {r.NonzerosPerBar}/bar: {r.BudgetMeaning}");
        PrintComparisons(rows);
    }

    /// <summary>The rows' table: every column (<paramref name="wide"/>) or the five that matter most.</summary>
    public static Table Table(IReadOnlyList<RateDistortionRow> rows, bool wide)
    {
        var first = rows[0];
        string denoising = first.NoiseRate > 0 || first.DropFraction > 0
            ? $", denoising {new HitNoise(first.NoiseRate, first.DropFraction, first.Quantized)} (scored against the "
                + "clean bars)"
            : "";
        var table = new Table { Title = new TableTitle(
            $"Groove {first.Split} split, {first.Sections} one-bar sections{denoising}") };
        string[] headers = wide
            ? ["method", "nz/bar", "N", "prec", "recall", "hit F1 [95% CI]", "thr*", "F1 at thr*", "vel MAE (/127)",
                "found", "off MAE (16ths)", "MSE"]
            : ["method", "nz/bar", "hit F1 [95% CI]", "F1 at thr*", "MSE"];
        foreach (var header in headers) table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        foreach (var r in rows)
        {
            string f1 = $"{r.HitF1:0.000} [{r.HitF1Low:0.000}, {r.HitF1High:0.000}]";
            string[] cells = wide
                ? [r.Method, $"{r.NonzerosPerBar}", $"{r.Atoms}", $"{r.HitPrecision:0.000}", $"{r.HitRecall:0.000}", f1,
                    $"{r.TunedThreshold:0.00}", $"{r.TunedHitF1:0.000}", $"{r.VelocityMae:0.000}",
                    $"{r.FoundVelocityMae:0.000}", $"{r.OffsetMaeSteps:0.000}", $"{r.Mse:0.0000}"]
                : [r.Method, $"{r.NonzerosPerBar}", f1, $"{r.TunedHitF1:0.000}", $"{r.Mse:0.0000}"];
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        return table;
    }

    /// <summary>Whether <paramref name="table"/> fits a terminal of <paramref name="width"/> columns at its natural
    /// width, no cell wrapped.</summary>
    public static bool Fits(Table table, int width) => NaturalWidth(table) <= width;

    /// <summary>
    /// The columns <paramref name="table"/> takes when nothing limits its width: its widest line, drawn without colour
    /// (so escape codes do not count) on a terminal wider than any table this report makes.
    /// </summary>
    public static int NaturalWidth(Table table)
    {
        var text = new StringWriter();
        var unlimited = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        unlimited.Profile.Width = UnlimitedWidth;
        unlimited.Write(table);
        return text.ToString().Split('\n').Max(line => line.TrimEnd('\r').Length);
    }

    // wider than any table this report draws
    private const int UnlimitedWidth = 1_000;

    /// <summary>A line per baseline row, by budget: the model's best row there minus it, paired interval.</summary>
    private static void PrintComparisons(IReadOnlyList<RateDistortionRow> rows)
        => PrintComparisons([.. rows.Where(r => r.ModelComparison is not null).OrderBy(r => r.NonzerosPerBar)
            .Select(r => ($"{r.NonzerosPerBar}/bar", r.Method, r.ModelComparison!))], "hit F1", "split's", "files");

    /// <summary>
    /// One line per compared baseline (its budget's label, its method, the model's best row there minus it), under a
    /// heading that names the score and what the bootstrap resampled ("the split's 126 files").
    /// </summary>
    public static void PrintComparisons(
        IReadOnlyList<(string Budget, string Method, ModelComparison Comparison)> compared, string score, string whose,
        string groups)
    {
        if (compared.Count == 0) return;
        var first = compared[0].Comparison;
        Console.WriteLine($"The model's best row minus each baseline, {score} at 0.5 "
            + $"[95% paired bootstrap, {first.Resamples} resamples of the {whose} {first.Files} {groups}]:");
        const string signed = "+0.000;-0.000;0.000";
        foreach (var (budget, method, c) in compared)
            Console.WriteLine($"  {budget}: {c.Model} − {method}: {c.Difference.ToString(signed)} "
                + $"[{c.Low.ToString(signed)}, {c.High.ToString(signed)}]");
    }

    /// <summary>One JSON line per row, snake_case keys.</summary>
    public static void PrintJsonLines<T>(IEnumerable<T> rows)
    {
        foreach (var row in rows) Console.WriteLine(JsonSerializer.Serialize(row, JsonLines));
    }

    private static readonly JsonSerializerOptions JsonLines =
        new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
