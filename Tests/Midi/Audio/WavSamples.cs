using TcnWtaNative.Midi.Audio;

namespace TcnWtaNative.Tests.Midi.Audio;

/// <summary>Renders notes to bytes and reads a WAV file's samples back, for the audio tests.</summary>
internal static class WavSamples
{
    /// <summary>
    /// The WAV bytes of <paramref name="notes"/> rendered for at least <paramref name="seconds"/>, and the render.
    /// </summary>
    public static (byte[] Bytes, AudioRender Render) Render(IReadOnlyList<AudioNote> notes, double seconds = 0)
    {
        using var stream = new MemoryStream();
        var render = NoteSynthesizer.Render(notes, seconds, stream);
        return (stream.ToArray(), render);
    }

    /// <summary>The 16-bit samples after the 44-byte header.</summary>
    public static short[] Of(byte[] wav)
    {
        var samples = new short[(wav.Length - WavWriter.HeaderBytes) / 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(wav, WavWriter.HeaderBytes + 2 * i);
        return samples;
    }

    /// <summary>
    /// Root-mean-square of the samples from <paramref name="fromSeconds"/> to <paramref name="toSeconds"/>.
    /// </summary>
    public static double Rms(short[] samples, double fromSeconds, double toSeconds)
    {
        int from = (int)(fromSeconds * AudioFormat.SampleRate);
        int to = Math.Min(samples.Length, (int)(toSeconds * AudioFormat.SampleRate));
        double sum = 0;
        for (int i = from; i < to; i++) sum += (double)samples[i] * samples[i];
        return to > from ? Math.Sqrt(sum / (to - from)) : 0;
    }

    /// <summary>The largest sample magnitude.</summary>
    public static int Peak(short[] samples) => samples.Length == 0 ? 0 : samples.Max(s => Math.Abs((int)s));
}
