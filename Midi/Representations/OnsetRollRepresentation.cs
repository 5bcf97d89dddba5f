using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>The onset roll [264, frames] at a fixed frame rate, sustain applied (<see cref="OnsetRoll"/>).</summary>
public sealed class OnsetRollRepresentation(double framesPerSecond = OnsetRollRepresentation.DefaultFramesPerSecond)
    : IRollRepresentation
{
    /// <summary>Default frame rate: 50 ms frames, so a rounded onset lies within 25 ms of the played one.</summary>
    public const double DefaultFramesPerSecond = 20;

    private readonly FrameClock _clock = FrameClock.PerSecond(framesPerSecond);

    /// <inheritdoc />
    public RepresentationSettings Settings { get; } = new(RepresentationKind.OnsetRoll, framesPerSecond);

    /// <inheritdoc />
    public int Channels => OnsetRoll.Channels;

    /// <inheritdoc />
    public double StepsPerSecond(double bpm) => framesPerSecond;

    /// <summary>The song's notes, sustain applied, placed on this representation's frames.</summary>
    public FrameNotes Place(MidiSong song) => new(PerformanceNotes.FromSong(song), _clock);

    /// <inheritdoc />
    public EncodedPiece Encode(MidiSong song)
    {
        var notes = Place(song);
        int frames = OnsetRoll.FrameCount(notes);
        return new EncodedPiece(OnsetRoll.Render(notes, 0, frames), Channels, frames, 120, TimeSignature.Default);
    }

    /// <inheritdoc />
    public ISignalWindows Windows(MidiSong song) => Windows(PerformanceNotes.FromSong(song));

    /// <inheritdoc />
    public RollWindows Windows(IReadOnlyList<TimedNote> notes)
    {
        var placed = new FrameNotes(notes, _clock);
        return new RollWindows(placed, OnsetRoll.FrameCount(placed), Channels, OnsetRoll.Render);
    }

    /// <inheritdoc />
    public ISignalAssembler Assembler(double bpm, TimeSignature meter, GrooveTiming? timing = null)
        => new OnsetRollAssembler(_clock);

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotes(ReadOnlySpan<float> signal, int length, double bpm)
        => OnsetRoll.Decode(signal, length, _clock);

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotesAbove(ReadOnlySpan<float> signal, int length, float threshold)
        => OnsetRoll.Decode(signal, length, _clock, threshold);

    /// <inheritdoc />
    public MidiSong ToSong(ReadOnlySpan<float> signal, int length, double bpm, TimeSignature meter, string name,
        GrooveTiming? timing = null)
        => PianoMidi.ToSong(ToNotes(signal, length, bpm), name);
}
