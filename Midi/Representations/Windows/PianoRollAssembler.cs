using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Representations.Windows;

/// <summary>
/// A piano roll assembled as its notes (<see cref="PianoRollDecoder"/>) at <paramref name="framesPerSecond"/>.
/// </summary>
public sealed class PianoRollAssembler(double framesPerSecond) : ISignalAssembler
{
    private readonly PianoRollDecoder _decoder = new(FrameClock.PerSecond(framesPerSecond));
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
