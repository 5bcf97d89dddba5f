namespace TcnWtaNative.Midi.Audio;

/// <summary>What every rendered file is: 16-bit PCM, mono, 44.1 kHz, and how long one may be.</summary>
public static class AudioFormat
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 44_100;

    /// <summary>Bits per sample (signed little-endian PCM).</summary>
    public const int BitsPerSample = 16;

    /// <summary>One channel.</summary>
    public const int Channels = 1;

    /// <summary>Bytes per sample frame.</summary>
    public const int BytesPerSample = Channels * BitsPerSample / 8;

    /// <summary>The largest sample value; the limiter keeps every sample within ±<see cref="FullScale"/>.</summary>
    public const short FullScale = short.MaxValue;

    /// <summary>
    /// Longest audio rendered: 12 hours, 3.8 GB of samples, under the 4 GiB a RIFF size field can count (about
    /// 13.5 hours at this rate). A MIDI file is at most <see cref="Files.MidiLimits.MaxDurationSeconds"/> long.
    /// </summary>
    public const double MaxSeconds = 12 * 3600;

    /// <summary>
    /// The number of samples in <paramref name="seconds"/> (rounded up), refusing anything over
    /// <see cref="MaxSeconds"/>.
    /// </summary>
    public static long SamplesIn(double seconds)
    {
        if (!(seconds >= 0 && seconds <= MaxSeconds))
            throw new ArgumentException(
                $"the audio would last {seconds:0.#} s, over the {MaxSeconds / 3600:0} hour limit of a rendered "
                + "WAV file");
        return (long)Math.Ceiling(seconds * SampleRate);
    }

    /// <summary>The sample at <paramref name="seconds"/> (the nearest one; 0 for negative times).</summary>
    public static long SampleAt(double seconds) => (long)Math.Round(Math.Max(0, seconds) * SampleRate);

    /// <summary>How many samples <paramref name="seconds"/> span, rounded up, at least one.</summary>
    public static long Duration(double seconds) => Math.Max(1, (long)Math.Ceiling(seconds * SampleRate));
}
