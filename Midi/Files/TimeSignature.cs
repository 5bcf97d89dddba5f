namespace TcnWtaNative.Midi.Files;

/// <summary>
/// A meter that holds from <see cref="Tick"/> on, e.g. 4/4 or 6/8. <see cref="Denominator"/> is the note value (4, not
/// its log2).
/// </summary>
public readonly record struct TimeSignature(long Tick, int Numerator, int Denominator)
{
    /// <summary>The MIDI default when a file declares no meter.</summary>
    public static TimeSignature Default => new(0, 4, 4);

    /// <summary>The meter as the datasets write it, "4-4".</summary>
    public string Label => $"{Numerator}-{Denominator}";

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/{Denominator}";
}
