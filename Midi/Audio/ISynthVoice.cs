namespace TcnWtaNative.Midi.Audio;

/// <summary>One sounding note of <see cref="NoteSynthesizer"/>, rendered block after block in time order.</summary>
internal interface ISynthVoice
{
    /// <summary>The first sample past the voice's sound (it is silent from here on).</summary>
    long EndSample { get; }

    /// <summary>
    /// Adds the voice's samples that fall in <paramref name="block"/> [block.Length], the samples from
    /// <paramref name="blockStart"/> on; each call must continue where the previous one stopped.
    /// </summary>
    void AddTo(Span<float> block, long blockStart);
}
