using System.Text;

namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// A canonical 44-byte RIFF/WAVE header for <see cref="AudioFormat"/> written by hand, followed by the samples as they
/// come, so a file of any length is written block by block.
/// </summary>
public sealed class WavWriter
{
    /// <summary>Bytes before the first sample.</summary>
    public const int HeaderBytes = 44;

    private readonly BinaryWriter _writer;
    private readonly long _samples;
    private long _written;

    /// <summary>
    /// Writes the header of a file of <paramref name="samples"/> samples to <paramref name="stream"/>.
    /// </summary>
    public WavWriter(Stream stream, long samples)
    {
        _writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        _samples = samples;
        long dataBytes = samples * AudioFormat.BytesPerSample;
        _writer.Write("RIFF"u8);
        _writer.Write(checked((uint)(HeaderBytes - 8 + dataBytes)));
        _writer.Write("WAVEfmt "u8);
        _writer.Write(16);                                   // fmt chunk size
        _writer.Write((short)1);                             // PCM
        _writer.Write((short)AudioFormat.Channels);
        _writer.Write(AudioFormat.SampleRate);
        _writer.Write(AudioFormat.SampleRate * AudioFormat.BytesPerSample); // bytes per second
        _writer.Write((short)AudioFormat.BytesPerSample);    // block align
        _writer.Write((short)AudioFormat.BitsPerSample);
        _writer.Write("data"u8);
        _writer.Write((uint)dataBytes);
    }

    /// <summary>Appends <paramref name="block"/>; more samples than the header declares is an error.</summary>
    public void Write(ReadOnlySpan<short> block)
    {
        if (_written + block.Length > _samples)
            throw new InvalidOperationException(
                $"the WAV header declares {_samples} samples; {_written + block.Length} were written");
        foreach (short sample in block) _writer.Write(sample);
        _written += block.Length;
    }

    /// <summary>Flushes, checking that exactly the declared number of samples was written.</summary>
    public void Finish()
    {
        if (_written != _samples)
            throw new InvalidOperationException(
                $"the WAV header declares {_samples} samples; only {_written} were written");
        _writer.Flush();
    }
}
