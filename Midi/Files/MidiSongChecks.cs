namespace TcnWtaNative.Midi.Files;

/// <summary>
/// What a <see cref="MidiSong"/> accepts of its parts: what a MIDI file holds and <see cref="MidiReader"/> reads back,
/// so the encoders and <see cref="MidiWriter"/> never meet a value they would loop on, index out of range with or
/// write as another. A part outside is an <see cref="ArgumentException"/> naming it and the rule it breaks.
/// </summary>
internal static class MidiSongChecks
{
    /// <summary>The largest meter numerator: the time-signature event holds it in one byte.</summary>
    public const int MaxNumerator = 255;

    /// <summary>The largest meter denominator the reader accepts, 64ths.</summary>
    public const int MaxDenominator = 64;

    /// <summary>
    /// Checks a meter: tick 0 or later, numerator 1 to <see cref="MaxNumerator"/>, denominator a power of two from 1
    /// to <see cref="MaxDenominator"/>.
    /// </summary>
    public static void Meter(TimeSignature meter, string parameter)
    {
        string? rule = meter.Tick < 0 ? "its tick must be 0 or later"
            : meter.Numerator is < 1 or > MaxNumerator ? $"its numerator must be 1 to {MaxNumerator}"
            : meter.Denominator is < 1 or > MaxDenominator || !int.IsPow2(meter.Denominator)
                ? $"its denominator must be a power of two from 1 to {MaxDenominator}"
            : null;
        if (rule is not null)
            throw new ArgumentException($"a meter at tick {meter.Tick} is {meter}; {rule}", parameter);
    }
}
