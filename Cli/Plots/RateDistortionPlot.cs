using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Cli.Plots;

/// <summary>Hit F1 against non-zeros per bar (log2 axis), one line per method, as a PNG.</summary>
public static class RateDistortionPlot
{
    /// <summary>Writes the plot of rows to path (atomically).</summary>
    public static void Save(string path, IReadOnlyList<RateDistortionRow> rows, string title, int width = 900, int height = 560)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = rows.Select(r => r.Method).Distinct().ToList();
        for (int m = 0; m < methods.Count; m++)
        {
            var line = rows.Where(r => r.Method == methods[m]).OrderBy(r => r.NonzerosPerBar).ToList();
            var scatter = plot.Add.Scatter(line.Select(r => Math.Log2(r.NonzerosPerBar)).ToArray(), line.Select(r => r.HitF1).ToArray());
            scatter.Color = palette.GetColor(m);
            scatter.MarkerSize = 8;
            scatter.LineWidth = 2;
            scatter.LegendText = methods[m];
        }
        var budgets = rows.Select(r => r.NonzerosPerBar).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(budgets.Select(b => Math.Log2(b)).ToArray(), budgets.Select(b => b.ToString()).ToArray());
        plot.Axes.SetLimitsY(0, 1);
        plot.Title(title);
        plot.XLabel("non-zeros per bar");
        plot.YLabel("hit F1 (threshold 0.5)");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        byte[] png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
