namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// What <see cref="NoteSynthesizer"/> wrote: the number of samples, the notes sounded, the drum hits skipped because
/// their pitch is in no drum class, and the mix's peak before the limiter (above 1 means it kept a clip out).
/// </summary>
public readonly record struct AudioRender(long Samples, int Notes, int SkippedDrumHits, double PeakBeforeLimiter)
{
    /// <summary>Length in seconds.</summary>
    public double Seconds => Samples / (double)AudioFormat.SampleRate;
}
