namespace TcnWtaNative.Midi;

/// <summary>MIDI pitches as note names, middle C (60) being "C4", sharps for the black keys.</summary>
public static class PitchNames
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>"C4" for 60, "A0" for 21, "C8" for 108.</summary>
    public static string Of(int pitch)
        => (uint)pitch < 128 ? $"{Names[pitch % 12]}{pitch / 12 - 1}" : throw new ArgumentOutOfRangeException(nameof(pitch), $"{pitch} is not a MIDI pitch");
}
