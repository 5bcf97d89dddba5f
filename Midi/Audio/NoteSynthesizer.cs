namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// Renders notes to a WAV stream (<see cref="AudioFormat"/>): piano notes as <see cref="PianoVoice"/>s, drum hits as
/// <see cref="DrumVoice"/>s, mixed through a <see cref="SoftLimiter"/>. Memory is bounded in the length: the mix is
/// rendered in blocks of <see cref="BlockSamples"/>, and a voice exists only while its note sounds.
/// </summary>
public static class NoteSynthesizer
{
    /// <summary>Samples mixed at a time (about 0.19 s).</summary>
    public const int BlockSamples = 8192;

    /// <summary>
    /// Voices sounding at once at most, a synthesizer's polyphony (FluidSynth's default, 256): a note past it cuts the
    /// oldest voice short, so a file of 50,000 simultaneous hits renders in a second, not in minutes.
    /// </summary>
    public const int MaxVoices = 256;

    /// <summary>
    /// Writes <paramref name="notes"/> to <paramref name="wav"/> as a WAV file lasting until the last note has died
    /// away, and at least <paramref name="minimumSeconds"/>. Audio longer than <see cref="AudioFormat.MaxSeconds"/> is
    /// refused before anything is written.
    /// </summary>
    public static AudioRender Render(IReadOnlyList<AudioNote> notes, double minimumSeconds, Stream wav)
    {
        long samples = AudioFormat.SamplesIn(Math.Max(minimumSeconds, SoundingSeconds(notes)));
        var sounded = notes.Where(Sounds).OrderBy(n => n.Start).ToArray();
        var writer = new WavWriter(wav, samples);
        var limiter = new SoftLimiter();
        var (mix, pcm) = (new float[BlockSamples], new short[BlockSamples]);
        var active = new List<ISynthVoice>();
        int next = 0, cut = 0;
        for (long blockStart = 0; blockStart < samples; blockStart += BlockSamples)
        {
            int length = (int)Math.Min(BlockSamples, samples - blockStart);
            var block = mix.AsSpan(0, length);
            block.Clear();
            while (next < sounded.Length && AudioFormat.SampleAt(sounded[next].Start) < blockStart + length)
            {
                if (active.Count == MaxVoices)
                {
                    active.RemoveAt(0);
                    cut++;
                }
                active.Add(VoiceOf(sounded[next++]));
            }
            foreach (var voice in active) voice.AddTo(block, blockStart);
            active.RemoveAll(v => v.EndSample <= blockStart + length);
            limiter.Apply(block);
            for (int i = 0; i < length; i++) pcm[i] = (short)Math.Round(block[i] * AudioFormat.FullScale);
            writer.Write(pcm.AsSpan(0, length));
        }
        writer.Finish();
        return new AudioRender(samples, sounded.Length, notes.Count - sounded.Length, limiter.InputPeak, cut);
    }

    /// <summary>When the last of <paramref name="notes"/> has died away, in seconds (0 without notes).</summary>
    public static double SoundingSeconds(IReadOnlyList<AudioNote> notes)
    {
        long end = 0;
        foreach (var note in notes.Where(Sounds)) end = Math.Max(end, VoiceOf(note).EndSample);
        return end / (double)AudioFormat.SampleRate;
    }

    // A drum hit sounds when its pitch is in a drum class; every piano note sounds
    private static bool Sounds(AudioNote note) => !note.IsDrum || DrumSound.OfPitch(note.Pitch) is not null;

    private static ISynthVoice VoiceOf(AudioNote note)
        => note.IsDrum ? new DrumVoice(note, DrumSound.OfPitch(note.Pitch)!.Value) : new PianoVoice(note);
}
