namespace TcnWtaNative.Midi.Groove;

/// <summary>
/// GrooVAE's 9 drum classes and the Roland TD-11 pitches each one collects. Other pitches are dropped (and counted
/// by the encoder). Decoding writes each class as its first pitch.
/// </summary>
public static class DrumMapping
{
    /// <summary>Number of drum classes.</summary>
    public const int ClassCount = 9;

    private static readonly int[][] PitchesOfClass =
    [
        [36],               // kick
        [38, 37, 40],       // snare
        [42, 22, 44],       // closed hi-hat
        [46, 26],           // open hi-hat
        [43, 58],           // low tom
        [47, 45],           // mid tom
        [50, 48],           // high tom
        [49, 52, 55, 57],   // crash
        [51, 53, 59],       // ride
    ];

    private static readonly int[] ClassOfPitch = BuildLookup();

    /// <summary>Class names in channel order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["kick", "snare", "closed hi-hat", "open hi-hat", "low tom", "mid tom", "high tom", "crash", "ride"];

    /// <summary>The class of a MIDI pitch, or -1 when the pitch is not mapped.</summary>
    public static int ClassOf(int pitch) => (uint)pitch < 128 ? ClassOfPitch[pitch] : -1;

    /// <summary>The pitch a decoded hit of <paramref name="drumClass"/> is written as.</summary>
    public static int FirstPitch(int drumClass) => PitchesOfClass[drumClass][0];

    private static int[] BuildLookup()
    {
        var lookup = Enumerable.Repeat(-1, 128).ToArray();
        for (int c = 0; c < PitchesOfClass.Length; c++)
            foreach (int pitch in PitchesOfClass[c]) lookup[pitch] = c;
        return lookup;
    }
}
