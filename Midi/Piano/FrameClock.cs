using System.Globalization;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Piano;

/// <summary>
/// When the frames of a <see cref="PianoRoll"/> fall (DESIGN §3): at a fixed rate (100 frames per second by default)
/// or on a 16th-note grid, 4 frames per quarter note, that follows a tempo map, so frames stretch and shrink with
/// the music's tempo. Frame f covers the time from <see cref="SecondsAt"/>(f) to <see cref="SecondsAt"/>(f + 1).
/// </summary>
public sealed class FrameClock
{
    /// <summary>Frames per quarter note on the 16th-note grid.</summary>
    public const int SixteenthsPerQuarter = 4;

    private readonly double _framesPerSecond;
    private readonly TempoMap? _tempo;

    private FrameClock(double framesPerSecond, TempoMap? tempo)
    {
        _framesPerSecond = framesPerSecond;
        _tempo = tempo;
    }

    /// <summary>
    /// Frames at a fixed rate; a rate that is not positive and finite is an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static FrameClock PerSecond(double framesPerSecond)
    {
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond)))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond,
                "frames per second must be positive and finite");
        return new FrameClock(framesPerSecond, null);
    }

    /// <summary>
    /// Frames on the 16th notes of <paramref name="tempo"/> (a file's tempo map, every tempo change followed).
    /// </summary>
    public static FrameClock Sixteenths(TempoMap tempo) => new(0, tempo);

    /// <summary>Frames on the 16th notes of one steady tempo (e.g. 120 bpm for generated music).</summary>
    public static FrameClock Sixteenths(double bpm)
        => Sixteenths(new TempoMap(SixteenthsPerQuarter,
            [new TempoChange(0, MidiLimits.MicrosecondsPerQuarter(bpm))]));

    /// <summary>True for the 16th-note grid, false for a fixed rate.</summary>
    public bool IsSixteenthGrid => _tempo != null;

    /// <summary>The position of <paramref name="seconds"/> in frames, fractional (frame f starts at f).</summary>
    public double FrameAt(double seconds)
        => _tempo is { } tempo ? tempo.ToTicks(seconds) * SixteenthsPerQuarter / tempo.TicksPerQuarter
            : seconds * _framesPerSecond;

    /// <summary>The time in seconds where <paramref name="frame"/> (possibly fractional) starts.</summary>
    public double SecondsAt(double frame)
        => _tempo is { } tempo ? tempo.ToSeconds(frame * tempo.TicksPerQuarter / SixteenthsPerQuarter)
            : frame / _framesPerSecond;

    /// <summary>The frame a time rounds to: the nearest frame start.</summary>
    public long NearestFrame(double seconds) => (long)Math.Floor(FrameAt(seconds) + 0.5);

    /// <summary>"100 fps" or "16th notes".</summary>
    public override string ToString()
        => IsSixteenthGrid ? "16th notes"
            : string.Create(CultureInfo.InvariantCulture, $"{_framesPerSecond:0.###} fps");
}
