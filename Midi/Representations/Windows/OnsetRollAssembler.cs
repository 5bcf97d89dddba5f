using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// An onset roll assembled as its notes (<see cref="OnsetRollDecoder"/>) on <paramref name="clock"/>.
/// </summary>
public sealed class OnsetRollAssembler(FrameClock clock) : ISignalAssembler
{
    private readonly OnsetRollDecoder _decoder = new(clock);
    private TimedNote[]? _notes;

    /// <inheritdoc />
    public int Length => _decoder.Frames;

    /// <inheritdoc />
    public void Append(ReadOnlySpan<float> window, int count) => _decoder.Append(window, count);

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> Notes() => _notes ??= _decoder.Finish();

    /// <inheritdoc />
    public MidiSong Song(string name) => PianoMidi.ToSong(Notes(), name);
}
