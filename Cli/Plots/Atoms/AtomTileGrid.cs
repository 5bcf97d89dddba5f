namespace TcnWtaNative.Cli.Plots.Atoms;

/// <summary>
/// Where the tiles of an atom picture go, in whole plot units with y up: left to right, top to bottom, about as many
/// across as make the picture square; the tiles set apart start a new row under a heading band of their own.
/// </summary>
public sealed class AtomTileGrid
{
    /// <summary>Rows of the band that holds the set-apart heading.</summary>
    public const int HeadingRows = 3;

    private readonly (int Left, int Top)[] _corners;

    public AtomTileGrid(IReadOnlyList<AtomCaption> tiles, int tileWidth, int tileHeight)
    {
        if (tiles.Count == 0) throw new ArgumentException("no atoms to plot");
        TileWidth = tileWidth;
        TileHeight = tileHeight;
        Across = Math.Clamp((int)Math.Ceiling(Math.Sqrt(tiles.Count * (double)tileHeight / tileWidth)), 1, tiles.Count);
        int shown = tiles.Count(t => !t.SetApart);
        int shownRows = (shown + Across - 1) / Across, apartRows = (tiles.Count - shown + Across - 1) / Across;
        HeadingTopRow = apartRows > 0 ? shownRows * tileHeight : null;
        Width = Across * tileWidth;
        Height = (shownRows + apartRows) * tileHeight + (apartRows > 0 ? HeadingRows : 0);
        _corners = new (int, int)[tiles.Count];
        for (int i = 0; i < tiles.Count; i++)
        {
            int place = i < shown ? i : i - shown;
            int topRow = (place / Across) * tileHeight + (i < shown ? 0 : HeadingTopRow!.Value + HeadingRows);
            _corners[i] = ((place % Across) * tileWidth, topRow);
        }
    }

    public int TileWidth { get; }
    public int TileHeight { get; }
    /// <summary>Tiles per row.</summary>
    public int Across { get; }
    /// <summary>Width and height of the whole picture, in units.</summary>
    public int Width { get; }
    public int Height { get; }
    /// <summary>The row (from the top) where the set-apart heading starts; null when nothing is set apart.</summary>
    public int? HeadingTopRow { get; }

    /// <summary>Tile i's left column and top row (rows counted from the top of the picture).</summary>
    public (int Left, int TopRow) Corner(int i) => _corners[i];

    /// <summary>The plot's y (up) of the top edge of row <paramref name="rowFromTop"/> counted from the top.</summary>
    public double Y(double rowFromTop) => Height - rowFromTop;
}
