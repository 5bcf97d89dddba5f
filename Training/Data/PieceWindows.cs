namespace TcnWtaNative.Training.Data;

/// <summary>
/// Long pieces cut into windows [C, W] of a fixed length, rendered on demand from each piece's compact form (its
/// notes), so an epoch over all of MAESTRO holds only the notes and one batch of windows in memory. Each piece is
/// tiled from its first frame; its last window runs past the piece's end into silence (zeros), so every window has
/// the same length and a batch needs no mask.
/// </summary>
public sealed class PieceWindows : IBatchSource
{
    private readonly (int Piece, int Start)[] _windows;
    private readonly Func<int, int, int, float[]> _render;

    /// <param name="channels">C of every window.</param>
    /// <param name="pieceLengths">Frames of each piece.</param>
    /// <param name="windowLength">W: frames per window.</param>
    /// <param name="render">(piece, first frame, frames) -> that stretch of the piece [C, frames].</param>
    public PieceWindows(int channels, IReadOnlyList<int> pieceLengths, int windowLength,
        Func<int, int, int, float[]> render)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 1);
        Channels = channels;
        WindowLength = windowLength;
        _render = render;
        _windows = [.. pieceLengths.SelectMany((length, piece) =>
            Enumerable.Range(0, (int)(((long)length + windowLength - 1) / windowLength))
                .Select(w => (piece, w * windowLength)))];
        Pieces = pieceLengths.Count;
    }

    /// <inheritdoc />
    public int Channels { get; }

    /// <summary>W: frames per window.</summary>
    public int WindowLength { get; }

    /// <summary>Pieces the windows were cut from.</summary>
    public int Pieces { get; }

    /// <inheritdoc />
    public int Count => _windows.Length;

    /// <inheritdoc />
    public int LengthOf(int index) => WindowLength;

    /// <inheritdoc />
    public HostBatch Gather(IReadOnlyList<int> indices)
    {
        int size = Channels * WindowLength;
        // batch [B, C, W]
        var values = new float[(long)indices.Count * size];
        for (int b = 0; b < indices.Count; b++)
        {
            var (piece, start) = _windows[indices[b]];
            var window = _render(piece, start, WindowLength);
            if (window.Length != size)
                throw new InvalidOperationException(
                    $"window {indices[b]} rendered {window.Length} values, expected [{Channels}, {WindowLength}]");
            window.CopyTo(values, (long)b * size);
        }
        return new HostBatch(values, indices.Count, Channels, WindowLength, null);
    }
}
