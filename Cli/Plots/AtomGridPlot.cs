using ScottPlot;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Cli.Plots;

/// <summary>
/// A PNG grid of dictionary atoms, each a tile labelled with its index, darker where it plays louder: Groove atoms
/// as 9 drums (kick at the bottom) by K steps shaded by hit × velocity; piano-roll atoms as the 88 keys (high on
/// top) by K frames shaded by the sounding velocity; event atoms as their 388 event rows by K steps. Each tile is
/// scaled to its own largest value (an atom's scale is arbitrary), negative parts are left white.
/// </summary>
public static class AtomGridPlot
{
    private const int Gap = 1;

    /// <summary>
    /// Draws atoms [N, C, K] (row-major, <paramref name="atoms"/>) as a grid, in <paramref name="order"/> (default
    /// 0..N-1; e.g. most used first), and saves a PNG at <paramref name="path"/>.
    /// </summary>
    public static void Save(float[] atoms, int count, int channels, int length, RepresentationKind kind, string path, IReadOnlyList<int>? order = null)
    {
        if (atoms.Length != (long)count * channels * length)
            throw new ArgumentException($"{count} atoms of [{channels}, {length}] need {(long)count * channels * length} values, got {atoms.Length}");
        var shown = order ?? Enumerable.Range(0, count).ToArray();
        if (shown.Count == 0) throw new ArgumentException("no atoms to plot");
        foreach (int n in shown)
            if (n < 0 || n >= count) throw new ArgumentException($"atom {n} does not exist; there are {count}");
        int rows = TileRows(kind, channels);
        int across = (int)Math.Ceiling(Math.Sqrt(shown.Count * (double)rows / length));
        across = Math.Clamp(across, 1, shown.Count);
        int down = (shown.Count + across - 1) / across;
        int labelRows = Math.Max(2, rows / 6);
        int tileWidth = length + Gap, tileHeight = rows + labelRows + Gap;
        // cells [down * tileHeight, across * tileWidth], NaN between tiles
        var cells = new double[down * tileHeight, across * tileWidth];
        for (int r = 0; r < cells.GetLength(0); r++)
            for (int c = 0; c < cells.GetLength(1); c++) cells[r, c] = double.NaN;
        var plot = new Plot();
        for (int i = 0; i < shown.Count; i++)
        {
            int top = (i / across) * tileHeight + labelRows, left = (i % across) * tileWidth;
            var tile = Tile(atoms.AsSpan(shown[i] * channels * length, channels * length), kind, channels, length);
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < length; t++) cells[top + r, left + t] = tile[r, t];
        }
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.GrayscaleReversed();
        heatmap.NaNCellColor = Color.FromHex("#C8D2DC");
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(0, cells.GetLength(1), 0, cells.GetLength(0));
        for (int i = 0; i < shown.Count; i++)
        {
            var label = plot.Add.Text($"#{shown[i]}", (i % across) * tileWidth + 0.3, cells.GetLength(0) - (i / across) * tileHeight - 0.2);
            label.LabelFontSize = 11;
            label.LabelAlignment = Alignment.UpperLeft;
        }
        plot.HideAxesAndGrid();
        plot.Axes.SetLimits(0, cells.GetLength(1), 0, cells.GetLength(0));
        double pixelsPerCell = Math.Clamp(1400.0 / cells.GetLength(1), 2, 24);
        plot.SavePng(path, (int)(cells.GetLength(1) * pixelsPerCell) + 20, (int)(cells.GetLength(0) * pixelsPerCell) + 60);
    }

    private static int TileRows(RepresentationKind kind, int channels) => kind switch
    {
        RepresentationKind.Groove => DrumMapping.ClassCount,
        RepresentationKind.Pianoroll or RepresentationKind.OnsetRoll => PianoRoll.Keys,
        _ => channels,
    };

    // atom [C, K] -> tile [rows, K] in [0, 1], row 0 drawn on top
    private static double[,] Tile(ReadOnlySpan<float> atom, RepresentationKind kind, int channels, int length)
    {
        int rows = TileRows(kind, channels);
        var tile = new double[rows, length];
        double peak = 0;
        for (int r = 0; r < rows; r++)
            for (int t = 0; t < length; t++)
            {
                double value = kind switch
                {
                    RepresentationKind.Groove => Math.Max(0, atom[(rows - 1 - r) * length + t]) * Math.Max(0, atom[(GrooveGrid.VelocityChannel + rows - 1 - r) * length + t]),
                    RepresentationKind.Pianoroll => Math.Max(0, atom[(PianoRoll.Keys + rows - 1 - r) * length + t]),
                    RepresentationKind.OnsetRoll => Math.Max(0, atom[(rows - 1 - r) * length + t]),
                    _ => Math.Max(0, atom[r * length + t]),
                };
                tile[r, t] = value;
                peak = Math.Max(peak, value);
            }
        if (peak > 0)
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < length; t++) tile[r, t] /= peak;
        return tile;
    }
}
