using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>The piano roll [176, frames] at a fixed frame rate, sustain applied (<see cref="PianoRoll"/>).</summary>
public sealed class PianoRollRepresentation(double framesPerSecond = PianoRoll.DefaultFramesPerSecond)
    : IRollRepresentation
{
    /// <inheritdoc />
    public RepresentationSettings Settings { get; } = new(RepresentationKind.Pianoroll, framesPerSecond);

    /// <inheritdoc />
    public int Channels => PianoRoll.Channels;

    /// <inheritdoc />
    public double StepsPerSecond(double bpm) => framesPerSecond;

    /// <inheritdoc />
    public EncodedPiece Encode(MidiSong song)
    {
        var notes = PerformanceNotes.FromSong(song);
        int frames = PianoRoll.FrameCount(notes, framesPerSecond);
        return new EncodedPiece(PianoRoll.Render(notes, 0, frames, framesPerSecond), Channels, frames, 120,
            TimeSignature.Default);
    }

    /// <inheritdoc />
    public ISignalWindows Windows(MidiSong song) => Windows(PerformanceNotes.FromSong(song));

    /// <inheritdoc />
    public RollWindows Windows(IReadOnlyList<TimedNote> notes)
    {
        var placed = new FrameNotes(notes, FrameClock.PerSecond(framesPerSecond));
        return new RollWindows(placed, placed.EndFrame, Channels, PianoRoll.Render);
    }

    /// <inheritdoc />
    public ISignalAssembler Assembler(double bpm, TimeSignature meter, GrooveTiming? timing = null)
        => new PianoRollAssembler(framesPerSecond);

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotes(ReadOnlySpan<float> signal, int length, double bpm)
        => PianoRoll.Decode(signal, length, framesPerSecond);

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotesAbove(ReadOnlySpan<float> signal, int length, float threshold)
        => PianoRoll.Decode(signal, length, framesPerSecond, onsetThreshold: threshold);

    /// <inheritdoc />
    public MidiSong ToSong(ReadOnlySpan<float> signal, int length, double bpm, TimeSignature meter, string name,
        GrooveTiming? timing = null)
        => PianoMidi.ToSong(ToNotes(signal, length, bpm), name);
}
