using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// How one drum class sounds: a sine whose pitch glides from <see cref="ToneFrom"/> to <see cref="ToneTo"/> Hz (a
/// kick's or tom's thump, a ride's bell) plus a noise burst, each decaying exponentially with its own time constant.
/// <see cref="Brightness"/> 0 is white noise, 1 its first difference (hiss: hats and cymbals).
/// </summary>
internal readonly record struct DrumSound(double ToneFrom, double ToneTo, double ToneDecay, double ToneLevel,
    double NoiseDecay, double NoiseLevel, double Brightness)
{
    /// <summary>Six time constants of the slower part: by then it is 0.25% of its start.</summary>
    public double Seconds => 6 * Math.Max(ToneDecay, NoiseDecay);

    // In the order of DrumMapping's classes.
    private static readonly DrumSound[] ByClass =
    [
        new(160, 50, 0.20, 1.0, 0.010, 0.25, 0.0),    // kick
        new(230, 180, 0.06, 0.5, 0.120, 0.80, 0.5),   // snare
        new(0, 0, 0.0, 0.0, 0.030, 0.55, 1.0),        // closed hi-hat
        new(0, 0, 0.0, 0.0, 0.250, 0.45, 1.0),        // open hi-hat
        new(130, 90, 0.25, 0.9, 0.030, 0.25, 0.3),    // low tom
        new(170, 120, 0.22, 0.9, 0.030, 0.25, 0.3),   // mid tom
        new(220, 160, 0.20, 0.9, 0.030, 0.25, 0.3),   // high tom
        new(0, 0, 0.0, 0.0, 0.900, 0.50, 0.8),        // crash
        new(3100, 3100, 0.50, 0.08, 0.450, 0.30, 1.0), // ride
    ];

    /// <summary>
    /// The sound of General MIDI drum <paramref name="pitch"/> by its class (<see cref="DrumMapping"/>), or null when
    /// the pitch is in no class.
    /// </summary>
    public static DrumSound? OfPitch(int pitch) => DrumMapping.ClassOf(pitch) is int c and >= 0 ? ByClass[c] : null;
}
