using System.Globalization;
using ScottPlot;
using TcnWtaNative.Midi;

namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>
/// Piano atoms (any piano representation, each decoded to the notes it plays) as a PNG grid of small piano rolls:
/// pitch up, named on the left of each roll ("C4"), against time in milliseconds along its bottom, one bar per
/// note, darker where it plays louder. Never the raw matrix.
/// </summary>
public static class PianoAtomGridPlot
{
    private const int NameColumns = 3, RollWidth = 10, RollHeight = 10, TitleRows = 2, TimeRows = 2, PixelsPerUnit = 16;
    private const int MostNamedPitches = 8, LeastRows = 5;

    /// <summary>
    /// Draws the tiles as a PNG's bytes; <paramref name="notesOf"/> gives atom n's notes,
    /// <paramref name="atomSeconds"/> how long an atom lasts (a tile spans that, or its last note's end when later).
    /// </summary>
    public static byte[] Png(AtomCaptions captions, Func<int, IReadOnlyList<TimedNote>> notesOf, double atomSeconds)
    {
        var tiles = captions.Tiles;
        var grid = new AtomTileGrid(tiles, NameColumns + RollWidth + 1, TitleRows + RollHeight + TimeRows);
        var plot = new Plot();
        for (int i = 0; i < tiles.Count; i++)
        {
            var (left, top) = grid.Corner(i);
            var title = plot.Add.Text(tiles[i].Title, left + NameColumns, grid.Y(top));
            title.LabelFontSize = 12;
            title.LabelBold = !tiles[i].SetApart;
            title.LabelAlignment = Alignment.UpperLeft;
            double rollBottom = grid.Y(top + TitleRows + RollHeight);
            DrawRoll(plot, notesOf(tiles[i].Atom), atomSeconds, left + NameColumns, rollBottom);
        }
        if (grid.HeadingTopRow is int headingRow)
        {
            var heading = plot.Add.Text(captions.SetApartHeading, 0, grid.Y(headingRow + 0.8));
            heading.LabelFontSize = 15;
            heading.LabelAlignment = Alignment.UpperLeft;
        }
        plot.Title("each atom as the notes it plays: pitch (note names) against time (ms); darker = louder");
        plot.Axes.Left.IsVisible = plot.Axes.Bottom.IsVisible = plot.Axes.Right.IsVisible = false;
        plot.HideGrid();
        plot.Axes.SetLimits(0, grid.Width, 0, grid.Height);
        int width = grid.Width * PixelsPerUnit + 40, height = grid.Height * PixelsPerUnit + 80;
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The time span a tile shows, in seconds: the atom's length, or its last note's end when later.</summary>
    public static double SpanSeconds(IReadOnlyList<TimedNote> notes, double atomSeconds)
        => Math.Max(atomSeconds, notes.Count == 0 ? 0 : notes.Max(n => n.End));

    // one roll [RollHeight, RollWidth] with its lower left corner at (left, bottom)
    private static void DrawRoll(Plot plot, IReadOnlyList<TimedNote> notes, double atomSeconds, double left,
        double bottom)
    {
        var frame = plot.Add.Rectangle(left, left + RollWidth, bottom, bottom + RollHeight);
        frame.FillColor = Colors.WhiteSmoke;
        frame.LineColor = Colors.LightGray;
        double span = SpanSeconds(notes, atomSeconds);
        AddText(plot, "0", left, bottom, Alignment.UpperLeft);
        string spanLabel = string.Create(CultureInfo.InvariantCulture, $"{span * 1000:F0} ms");
        AddText(plot, spanLabel, left + RollWidth, bottom, Alignment.UpperRight);
        if (notes.Count == 0)
        {
            AddText(plot, "no notes", left + RollWidth / 2.0, bottom + RollHeight / 2.0, Alignment.MiddleCenter);
            return;
        }
        int low = notes.Min(n => n.Pitch), high = notes.Max(n => n.Pitch);
        int rows = Math.Max(high - low + 1, LeastRows);
        low -= (rows - (high - low + 1)) / 2;
        double rowHeight = (double)RollHeight / rows;
        foreach (var note in notes)
        {
            double x0 = left + note.Start / span * RollWidth;
            double x1 = left + Math.Max(note.End, note.Start + span / 50) / span * RollWidth;
            double y0 = bottom + (note.Pitch - low) * rowHeight;
            var bar = plot.Add.Rectangle(x0, Math.Min(x1, left + RollWidth), y0, y0 + rowHeight);
            bar.FillColor = Colors.DarkBlue.WithAlpha(0.25 + 0.75 * Math.Clamp(note.Velocity / 127.0, 0, 1));
            bar.LineColor = Colors.Black;
            bar.LineWidth = 0.5f;
        }
        foreach (var (pitch, name) in PitchNames.Landmarks(notes.Select(n => n.Pitch), MostNamedPitches))
            AddText(plot, name, left - 0.1, bottom + (pitch - low + 0.5) * rowHeight, Alignment.MiddleRight, 9);
    }

    private static void AddText(Plot plot, string text, double x, double y, Alignment alignment, float size = 10)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelAlignment = alignment;
    }
}
