using Spectre.Console;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// Prints the rows of <c>evaluate --quantize</c>, the humanizing study: each method's velocity and offset errors on the
/// bars' hits against the bars as played, with intervals, and each baseline against the model's best row.
/// </summary>
public static class HumanizingReport
{
    /// <summary>The rows as a table, then what each budget means and the paired comparisons.</summary>
    public static void Print(IReadOnlyList<RateDistortionRow> rows)
    {
        var first = rows[0];
        var table = new Table { Title = new TableTitle(
            $"Groove {first.Split} split, {first.Sections} one-bar sections, humanizing: the hits played at velocity "
            + "100 on the grid, scored against the bars as played") };
        foreach (var header in new[] { "method", "nz/bar", "N", "vel MAE (/127) [95% CI]", "accent r [95% CI]",
            "off MAE (16ths) [95% CI]", "MSE" })
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        foreach (var r in rows)
            table.AddRow([.. new[]
            {
                r.Method, $"{r.NonzerosPerBar}", $"{r.Atoms}",
                $"{r.VelocityMae:0.000} [{r.VelocityMaeLow:0.000}, {r.VelocityMaeHigh:0.000}]",
                $"{r.VelocityCorrelation:0.000} [{r.VelocityCorrelationLow:0.000}, {r.VelocityCorrelationHigh:0.000}]",
                $"{r.OffsetMaeSteps:0.000} [{r.OffsetMaeLow:0.000}, {r.OffsetMaeHigh:0.000}]", $"{r.Mse:0.0000}",
            }.Select(Markup.Escape)]);
        AnsiConsole.Write(table);
        Console.WriteLine("Every row plays exactly the bar's hits; the errors are on them. Accent r: the mean over "
            + "bars of the correlation of the row's velocities with the bar's (0 for one velocity). MSE over all 27 "
            + "channels.");
        foreach (var r in rows.GroupBy(r => (r.Method, r.NonzerosPerBar)).Select(g => g.First()))
            Console.WriteLine($"  {r.Method} at {r.NonzerosPerBar}/bar: {r.BudgetMeaning}");
        var compared = rows.Where(r => r.PlayedComparison is not null).OrderBy(r => r.NonzerosPerBar).ToList();
        if (compared.Count == 0) return;
        Console.WriteLine("The model's row of least velocity error minus each baseline, velocity and offset MAE "
            + $"[95% paired bootstrap over the split's {compared[0].PlayedComparison!.Files} files]:");
        const string signed = "+0.000;-0.000;0.000";
        foreach (var r in compared)
        {
            var c = r.PlayedComparison!;
            Console.WriteLine($"  {r.NonzerosPerBar}/bar: {c.Model} − {r.Method}: velocity "
                + $"{c.VelocityDifference.ToString(signed)} [{c.VelocityLow.ToString(signed)}, "
                + $"{c.VelocityHigh.ToString(signed)}], offset {c.OffsetDifference.ToString(signed)} "
                + $"[{c.OffsetLow.ToString(signed)}, {c.OffsetHigh.ToString(signed)}]");
        }
    }
}
