using ScottPlot;

namespace TcnWtaNative.Cli.Plots;

/// <summary>A label × label matrix of centroid distances as a heat map with the labels on both axes.</summary>
public static class DistanceHeatmapPlot
{
    /// <summary>
    /// The PNG's bytes; <paramref name="distances"/> is [labels, labels], row a and column b the distance between them.
    /// </summary>
    public static byte[] Png(string title, IReadOnlyList<string> labels, double[,] distances)
    {
        int size = 200 + 45 * labels.Count;
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(distances);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = "centroid distance";
        // cell (row a, column b) is drawn centred at x = b, y = rows - 1 - a: row 0 on top
        double[] positions = [.. Enumerable.Range(0, labels.Count).Select(i => (double)i)];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. labels]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. labels.Reverse()]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        float longest = labels.Max(l => l.Length) * 7f;
        plot.Axes.Bottom.MinimumSize = longest + 20;
        plot.Axes.Left.MinimumSize = longest + 20;
        plot.Title(title);
        return plot.GetImageBytes(size + 250, size, ImageFormat.Png);
    }
}
