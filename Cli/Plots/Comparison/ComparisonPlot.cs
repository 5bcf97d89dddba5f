using ScottPlot;

namespace TcnWtaNative.Cli.Plots.Comparison;

/// <summary>
/// A <see cref="ComparisonPicture"/> as a PNG: the input on the left and the output on the right, on shared axes, one
/// bar per note coloured by what became of it (kept grey, missed red, added blue), each panel's legend counting its
/// kinds.
/// </summary>
public static class ComparisonPlot
{
    private static readonly Dictionary<NoteFate, Color> Colours = new()
    {
        [NoteFate.Kept] = Colors.DimGray,
        [NoteFate.Missed] = Color.FromHex("#D62728"),
        [NoteFate.Added] = Color.FromHex("#1F77B4"),
    };

    /// <summary>The picture as PNG bytes.</summary>
    public static byte[] Png(ComparisonPicture picture, int width = 1600, int height = 700)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var input = multiplot.GetPlot(0);
        var output = multiplot.GetPlot(1);
        double end = Math.Max(1, picture.Input.Concat(picture.Output).Select(n => n.End).DefaultIfEmpty(0).Max());
        Draw(input, picture.Input, picture, picture.InputTitle, end);
        Draw(output, picture.Output, picture, picture.OutputTitle, end);
        var legend = picture.Legend();
        AddLegend(input, legend.Where(l => l.Fate != NoteFate.Added));
        AddLegend(output, legend.Where(l => l.Fate != NoteFate.Missed));
        return multiplot.Render(width, height).GetImageBytes(ImageFormat.Png);
    }

    // below the panel, so both panels keep the same height and share the time axis by eye
    private static void AddLegend(Plot plot, IEnumerable<(NoteFate Fate, string Label)> entries)
    {
        foreach (var (fate, label) in entries)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = label, FillColor = Colours[fate], LineColor = Colours[fate],
            });
        plot.ShowLegend(Edge.Bottom);
    }

    private static void Draw(Plot plot, IReadOnlyList<PlacedNote> notes, ComparisonPicture picture, string title,
        double end)
    {
        foreach (var note in notes)
        {
            double right = Math.Max(note.End, note.Start + end / 400);
            var bar = plot.Add.Rectangle(note.Start, right, note.Row + 0.1, note.Row + 0.9);
            bar.FillColor = Colours[note.Fate].WithAlpha(0.85);
            bar.LineWidth = 0;
        }
        if (picture.BarLength is not null) plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        for (double bar = picture.BarLength ?? end; bar < end; bar += picture.BarLength ?? end)
        {
            var line = plot.Add.VerticalLine(bar);
            line.Color = Colors.Black.WithAlpha(0.35);
            line.LineWidth = 1;
        }
        plot.Title(title);
        plot.XLabel(picture.TimeLabel);
        var ticks = picture.RowTicks;
        plot.Axes.Left.SetTicks([.. ticks.Select(t => t.Row + 0.5)], [.. ticks.Select(t => t.Label)]);
        plot.Axes.SetLimits(0, end, 0, picture.Rows);
    }
}
