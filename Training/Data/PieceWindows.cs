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
    private readonly Renderer _render;
    private float[] _transient = [];

    /// <summary>Renders frames [first, first + frames) of a piece into destination [C, frames], which holds zeros
    /// to start with.</summary>
    public delegate void Renderer(int piece, int first, int frames, Span<float> destination);

    /// <param name="channels">C of every window.</param>
    /// <param name="pieceLengths">Frames of each piece.</param>
    /// <param name="windowLength">W: frames per window.</param>
    /// <param name="render">Writes a stretch of a piece [C, frames] into its destination.</param>
    public PieceWindows(int channels, IReadOnlyList<int> pieceLengths, int windowLength, Renderer render)
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
        => Render(indices, new float[(long)indices.Count * Channels * WindowLength]);

    /// <summary>
    /// <see cref="Gather"/> into one array reused from call to call while the batch size stays (cleared, then
    /// rendered): an epoch over MAESTRO asks for thousands of batches of several MB. Not thread-safe.
    /// </summary>
    public HostBatch GatherTransient(IReadOnlyList<int> indices)
    {
        long size = (long)indices.Count * Channels * WindowLength;
        if (_transient.LongLength != size) _transient = new float[size];
        else Array.Clear(_transient);
        return Render(indices, _transient);
    }

    // batch [B, C, W] in values (zeros), each window rendered in its place
    private HostBatch Render(IReadOnlyList<int> indices, float[] values)
    {
        int size = Channels * WindowLength;
        for (int b = 0; b < indices.Count; b++)
        {
            var (piece, start) = _windows[indices[b]];
            _render(piece, start, WindowLength, values.AsSpan(b * size, size));
        }
        return new HostBatch(values, indices.Count, Channels, WindowLength, null);
    }
}
