using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// MAESTRO pieces in the events encoding: each piece its event ids [T_i], rendered as one-hot [388, T_i] when gathered
/// on the host, and kept as ids for <see cref="ResidentBatches"/>, which expands them on the device (388 times less to
/// upload).
/// </summary>
public sealed class EventPieceSet(IReadOnlyList<short[]> events) : IBatchSource
{
    /// <summary>The pieces as a variable-length set of one-hot signals.</summary>
    public VariableLengthSet Pieces { get; } =
        new(PerformanceEvents.EventCount, events.Select(piece => piece.Length).ToList(),
            i => EventsRepresentation.OneHot(events[i]));

    /// <inheritdoc />
    public int Channels => Pieces.Channels;

    /// <inheritdoc />
    public int Count => Pieces.Count;

    /// <inheritdoc />
    public int LengthOf(int index) => Pieces.LengthOf(index);

    /// <summary>The event ids of piece index, in [0, 388).</summary>
    public ReadOnlySpan<short> EventsOf(int index) => events[index];

    /// <inheritdoc />
    public HostBatch Gather(IReadOnlyList<int> indices) => Pieces.Gather(indices);
}
