using ScottPlot;

namespace TcnWtaNative.Cli.Plots;

/// <summary>Pieces as points in the first two principal components of their mean codes, one colour per label.</summary>
public static class StylesScatterPlot
{
    private const int Width = 900, Height = 700;

    /// <summary>
    /// The plot as a PNG's bytes and as SVG text; points [n][2] and labels [n] in the same order.
    /// </summary>
    public static (byte[] Png, string Svg) Draw(string title, IReadOnlyList<double[]> points,
        IReadOnlyList<string> labels, double[] explained)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var names = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        for (int c = 0; c < names.Count; c++)
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == names[c]).ToList();
            var scatter = plot.Add.ScatterPoints(members.Select(i => points[i][0]).ToArray(),
                members.Select(i => points[i][1]).ToArray());
            scatter.Color = palette.GetColor(c);
            scatter.MarkerSize = 7;
            scatter.LegendText = $"{names[c]} ({members.Count})";
        }
        plot.Title(title);
        plot.XLabel($"PC 1 ({explained[0]:P0} of the variance)");
        plot.YLabel($"PC 2 ({explained[1]:P0} of the variance)");
        plot.ShowLegend(Edge.Right);
        return (plot.GetImageBytes(Width, Height, ImageFormat.Png), plot.GetSvgHtml(Width, Height));
    }
}
