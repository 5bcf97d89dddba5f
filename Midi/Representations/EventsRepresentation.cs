using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations.Windows;

namespace TcnWtaNative.Midi.Representations;

/// <summary>
/// Performance RNN's events as a one-hot signal [388, events], sustain applied (<see cref="PerformanceEvents"/>).
/// A real-valued signal decodes through its argmax in each column; the time axis counts events, not seconds.
/// </summary>
public sealed class EventsRepresentation : IMusicRepresentation
{
    /// <inheritdoc />
    public RepresentationSettings Settings { get; } = new(RepresentationKind.Events);

    /// <inheritdoc />
    public int Channels => PerformanceEvents.EventCount;

    /// <summary>Events have no fixed rate; this is Performance RNN's time-shift resolution, an upper bound.</summary>
    public double StepsPerSecond(double bpm) => PerformanceEvents.StepsPerSecond;

    /// <inheritdoc />
    public EncodedPiece Encode(MidiSong song)
    {
        var events = PerformanceEvents.Encode(PerformanceNotes.FromSong(song));
        return new EncodedPiece(OneHot(events), Channels, events.Length, 120, TimeSignature.Default);
    }

    /// <inheritdoc />
    public ISignalWindows Windows(MidiSong song)
        => new EventWindows(PerformanceEvents.Encode(PerformanceNotes.FromSong(song)));

    /// <inheritdoc />
    public ISignalAssembler Assembler(double bpm, TimeSignature meter, GrooveTiming? timing = null)
        => new EventAssembler();

    /// <summary>events [T] -> one-hot signal [388, T].</summary>
    public static float[] OneHot(ReadOnlySpan<short> events)
    {
        var signal = new float[PerformanceEvents.EventCount * events.Length];
        for (int t = 0; t < events.Length; t++) signal[events[t] * events.Length + t] = 1;
        return signal;
    }

    /// <summary>signal [388, T] -> the most active event of each column [T] (the lower index on a tie).</summary>
    public static short[] ArgMax(ReadOnlySpan<float> signal, int length)
    {
        if (length < 0 || signal.Length != (long)PerformanceEvents.EventCount * length)
            throw new ArgumentException(
                $"an event signal of {length} steps has {PerformanceEvents.EventCount * Math.Max(length, 0)} "
                + $"values, got {signal.Length}");
        var events = new short[length];
        var best = new float[length];
        best.AsSpan().Fill(float.NegativeInfinity);
        for (int e = 0; e < PerformanceEvents.EventCount; e++)
        {
            var row = signal.Slice(e * length, length);
            for (int t = 0; t < length; t++)
                if (row[t] > best[t]) (best[t], events[t]) = (row[t], (short)e);
        }
        return events;
    }

    /// <inheritdoc />
    public IReadOnlyList<TimedNote> ToNotes(ReadOnlySpan<float> signal, int length, double bpm)
        => PerformanceEvents.Decode(ArgMax(signal, length));

    /// <inheritdoc />
    public MidiSong ToSong(ReadOnlySpan<float> signal, int length, double bpm, TimeSignature meter, string name,
        GrooveTiming? timing = null)
        => PianoMidi.ToSong(ToNotes(signal, length, bpm), name);
}
