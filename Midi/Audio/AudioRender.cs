namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// What <see cref="NoteSynthesizer"/> wrote: the number of samples, the notes sounded, the drum hits skipped because
/// their pitch is in no drum class, the mix's peak before the limiter (above 1 means it kept a clip out), and the
/// voices cut short because <see cref="NoteSynthesizer.MaxVoices"/> others were sounding.
/// </summary>
public readonly record struct AudioRender(long Samples, int Notes, int SkippedDrumHits, double PeakBeforeLimiter,
    int CutVoices)
{
    /// <summary>Length in seconds.</summary>
    public double Seconds => Samples / (double)AudioFormat.SampleRate;
}
