using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// An events signal assembled as the argmax event of each column (<see cref="EventsRepresentation.ArgMax"/>): two bytes
/// a step.
/// </summary>
public sealed class EventAssembler : ISignalAssembler
{
    private readonly List<short> _events = [];

    /// <inheritdoc />
    public int Length => _events.Count;

    /// <inheritdoc />
    public void Append(ReadOnlySpan<float> window, int count)
    {
        WindowChecks.Check(PerformanceEvents.EventCount, Length, count, window.Length);
        _events.AddRange(EventsRepresentation.ArgMax(window, count));
    }

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> Notes()
        => PerformanceEvents.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_events));

    /// <inheritdoc />
    public MidiSong Song(string name) => PianoMidi.ToSong(Notes(), name);
}
