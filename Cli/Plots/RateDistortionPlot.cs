using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Cli.Plots;

/// <summary>One point of a rate–distortion plot: a method's score at a budget.</summary>
public readonly record struct RatePoint(string Method, int Budget, double Score);

/// <summary>A score (hit F1, onset F1) against the budget on a log2 axis, one line per method, as a PNG.</summary>
public static class RateDistortionPlot
{
    /// <summary>Writes the plot of points to path (atomically); the labels name the axes.</summary>
    public static void Save(string path, IReadOnlyList<RatePoint> points, string title, string budgetLabel,
        string scoreLabel, int width = 900, int height = 560)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = points.Select(p => p.Method).Distinct().ToList();
        for (int m = 0; m < methods.Count; m++)
        {
            var line = points.Where(p => p.Method == methods[m]).OrderBy(p => p.Budget).ToList();
            var scatter = plot.Add.Scatter(line.Select(p => Math.Log2(p.Budget)).ToArray(),
                line.Select(p => p.Score).ToArray());
            scatter.Color = palette.GetColor(m);
            scatter.MarkerSize = 8;
            scatter.LineWidth = 2;
            scatter.LegendText = methods[m];
        }
        var budgets = points.Select(p => p.Budget).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(budgets.Select(b => Math.Log2(b)).ToArray(),
            budgets.Select(b => b.ToString()).ToArray());
        plot.Axes.SetLimitsY(0, 1);
        plot.Title(title);
        plot.XLabel(budgetLabel);
        plot.YLabel(scoreLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        byte[] png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
