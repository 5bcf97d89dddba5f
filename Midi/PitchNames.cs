namespace TcnWtaNative.Midi;

/// <summary>MIDI pitches as note names, middle C (60) being "C4", sharps for the black keys.</summary>
public static class PitchNames
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>"C4" for 60, "A0" for 21, "C8" for 108.</summary>
    public static string Of(int pitch)
        => (uint)pitch < 128 ? $"{Names[pitch % 12]}{pitch / 12 - 1}"
            : throw new ArgumentOutOfRangeException(nameof(pitch), $"{pitch} is not a MIDI pitch");

    /// <summary>
    /// The pitches worth naming on an axis that spans <paramref name="pitches"/>: all of them when at most
    /// <paramref name="most"/>, else the lowest, the highest and every C at least 3 semitones from both.
    /// </summary>
    public static IReadOnlyList<(int Pitch, string Name)> Landmarks(IEnumerable<int> pitches, int most)
    {
        var sorted = pitches.Distinct().Order().ToList();
        if (sorted.Count > most)
        {
            int lowest = sorted[0], highest = sorted[^1];
            sorted = [.. sorted.Where(p => p == lowest || p == highest
                || (p % 12 == 0 && p - lowest > 2 && highest - p > 2))];
        }
        return [.. sorted.Select(p => (p, Of(p)))];
    }
}
