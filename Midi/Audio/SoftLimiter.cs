namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// A peak limiter that keeps the mix within <see cref="Ceiling"/> of full scale without clipping: it follows the
/// mix's peak level (instantly up, back down over <see cref="ReleaseSeconds"/>) and, while that level is above the
/// ceiling, scales the mix down by ceiling / level. Quiet passages pass unchanged; a dense chord is turned down
/// as a whole, never squared off. State carries over from block to block.
/// </summary>
public sealed class SoftLimiter
{
    /// <summary>The largest output magnitude, as a fraction of full scale.</summary>
    public const float Ceiling = 0.9f;

    /// <summary>Time for the followed level to fall by a factor e after a peak.</summary>
    public const double ReleaseSeconds = 0.2;

    private static readonly double Release = Math.Exp(-1.0 / (ReleaseSeconds * AudioFormat.SampleRate));
    private double _level;

    /// <summary>The largest input magnitude seen so far (above 1 means the limiter kept a would-be clip out).</summary>
    public double InputPeak { get; private set; }

    /// <summary>Limits <paramref name="block"/> in place.</summary>
    public void Apply(Span<float> block)
    {
        for (int i = 0; i < block.Length; i++)
        {
            double magnitude = Math.Abs(block[i]);
            InputPeak = Math.Max(InputPeak, magnitude);
            _level = Math.Max(magnitude, _level * Release);
            if (_level > Ceiling) block[i] = (float)(block[i] * (Ceiling / _level));
        }
    }
}
