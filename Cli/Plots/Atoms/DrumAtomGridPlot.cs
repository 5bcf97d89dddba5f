using ScottPlot;
using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>
/// Groove atoms as a PNG grid of tiles, each [27, K] as it plays: three blocks of the 9 drums (kick at the bottom,
/// named on the left) for hits, velocities and offsets, the K 16th steps across ("1 e &amp; a 2 ..." on the bottom
/// axis, a line at each beat), on one signed colour scale (blue below zero, red above) with a colour bar.
/// </summary>
public static class DrumAtomGridPlot
{
    private const int TitleRows = 2, BlockRows = DrumMapping.ClassCount + 1, PixelsPerCell = 12;
    // columns a tile takes at least, so that its title fits above a one-beat atom
    private const int LeastTileColumns = 9;
    private static readonly string[] Blocks = ["hit", "velocity", "offset (+ late)"];

    /// <summary>Draws the tiles as a PNG's bytes; <paramref name="played"/> gives atom n as a signal [27, K].</summary>
    public static byte[] Png(AtomCaptions captions, Func<int, float[]> played, int length)
    {
        var tiles = captions.Tiles;
        int tileHeight = TitleRows + Blocks.Length * BlockRows;
        var grid = new AtomTileGrid(tiles, Math.Max(length + 1, LeastTileColumns), tileHeight);
        // cells [grid.Height, grid.Width], row 0 on top, NaN outside the atoms
        var cells = new double[grid.Height, grid.Width];
        for (int r = 0; r < grid.Height; r++)
            for (int c = 0; c < grid.Width; c++) cells[r, c] = double.NaN;
        var plot = new Plot();
        for (int i = 0; i < tiles.Count; i++)
        {
            var (left, top) = grid.Corner(i);
            var signal = played(tiles[i].Atom);
            if (signal.Length != GrooveGrid.Channels * length)
                throw new ArgumentException(
                    $"atom {tiles[i].Atom} has {signal.Length} values, not [{GrooveGrid.Channels}, {length}]");
            for (int channel = 0; channel < GrooveGrid.Channels; channel++)
                for (int t = 0; t < length; t++) cells[top + CellRow(channel), left + t] = signal[channel * length + t];
            var title = plot.Add.Text(tiles[i].Title, left, grid.Y(top));
            title.LabelFontSize = 11;
            title.LabelBold = !tiles[i].SetApart;
            title.LabelAlignment = Alignment.UpperLeft;
        }
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.NaNCellColor = Colors.White;
        heatmap.ManualRange = new ScottPlot.Range(-1, 1);
        heatmap.Extent = new CoordinateRect(0, grid.Width, 0, grid.Height);
        plot.MoveToBack(heatmap);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "value as played (offset: - early, + late)";
        bar.Axis.SetTicks([-1, -0.5, 0, 0.5, 1], ["-1", "-0.5", "0", "0.5", "1"]);
        AddBeatLines(plot, grid, length);
        if (grid.HeadingTopRow is int headingRow)
        {
            var heading = plot.Add.Text(captions.SetApartHeading, 0, grid.Y(headingRow + 0.8));
            heading.LabelFontSize = 14;
            heading.LabelAlignment = Alignment.UpperLeft;
        }
        LabelAxes(plot, grid, tiles, length);
        plot.Axes.SetLimits(0, grid.Width, 0, grid.Height);
        // room beside the cells for the drum names and the colour bar
        int width = grid.Width * PixelsPerCell + 330, height = grid.Height * PixelsPerCell + 80;
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>A channel's row in a tile, from the tile's top: hits, velocities, offsets, kick lowest.</summary>
    public static int CellRow(int channel)
    {
        int block = channel / DrumMapping.ClassCount, drum = channel % DrumMapping.ClassCount;
        return TitleRows + block * BlockRows + DrumMapping.ClassCount - 1 - drum;
    }

    /// <summary>A channel's left-axis label: "kick", or "velocity: ride" for the top row of a block.</summary>
    public static string RowLabel(int channel)
    {
        int block = channel / DrumMapping.ClassCount, drum = channel % DrumMapping.ClassCount;
        string name = DrumMapping.ClassNames[drum];
        return drum == DrumMapping.ClassCount - 1 ? $"{Blocks[block]}: {name}" : name;
    }

    /// <summary>A 16th step as a drummer counts it: "1", "e", "&amp;", "a", "2", ...</summary>
    public static string StepLabel(int step)
        => (step % GrooveGrid.StepsPerQuarter) switch
        {
            0 => $"{step / GrooveGrid.StepsPerQuarter + 1}",
            1 => "e",
            2 => "&",
            _ => "a",
        };

    private static void AddBeatLines(Plot plot, AtomTileGrid grid, int length)
    {
        for (int column = 0; column < grid.Across; column++)
            for (int step = GrooveGrid.StepsPerQuarter; step < length; step += GrooveGrid.StepsPerQuarter)
            {
                var line = plot.Add.VerticalLine(column * grid.TileWidth + step);
                line.Color = Colors.Gray.WithAlpha(0.6);
                line.LineWidth = 1;
            }
    }

    private static void LabelAxes(Plot plot, AtomTileGrid grid, IReadOnlyList<AtomCaption> tiles, int length)
    {
        var rowTops = Enumerable.Range(0, tiles.Count).Select(grid.Corner).Where(c => c.Left == 0)
            .Select(c => c.TopRow);
        var rows = rowTops.SelectMany(top => Enumerable.Range(0, GrooveGrid.Channels)
            .Select(channel => (Y: grid.Y(top + CellRow(channel) + 0.5), Label: RowLabel(channel)))).ToList();
        plot.Axes.Left.SetTicks([.. rows.Select(r => r.Y)], [.. rows.Select(r => r.Label)]);
        var steps = Enumerable.Range(0, grid.Across).SelectMany(column => Enumerable.Range(0, length)
            .Select(step => (X: column * grid.TileWidth + step + 0.5, Label: StepLabel(step)))).ToList();
        plot.Axes.Bottom.SetTicks([.. steps.Select(s => s.X)], [.. steps.Select(s => s.Label)]);
        plot.Axes.Left.TickLabelStyle.FontSize = 9;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
        plot.XLabel("16th steps, counted 1 e & a per beat (lines between beats)");
        plot.Grid.IsVisible = false;
    }
}
