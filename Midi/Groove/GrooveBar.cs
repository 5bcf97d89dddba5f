using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// One bar of a <see cref="GrooveGrid"/>: where it starts, how many 16th steps it has and its meter. A bar cut short
/// by a meter change has fewer steps than its meter asks for (<see cref="IsComplete"/> is false).
/// </summary>
public readonly record struct GrooveBar(int StartStep, int Steps, TimeSignature Meter)
{
    /// <summary>
    /// Sixteenth-note steps in a full bar of <paramref name="meter"/>: 16 for 4/4, 12 for 3/4 and 6/8.
    /// </summary>
    public static int StepsPerBar(TimeSignature meter)
        => meter.Numerator * GrooveGrid.StepsPerWholeNote / meter.Denominator;

    /// <summary>True when <paramref name="meter"/> divides into whole 16th steps (not 3/32).</summary>
    public static bool FitsGrid(TimeSignature meter)
        => meter.Numerator * GrooveGrid.StepsPerWholeNote % meter.Denominator == 0;

    /// <summary>True when the bar has all the steps its meter asks for.</summary>
    public bool IsComplete => Steps == StepsPerBar(Meter);
}
