namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// One drum hit (<see cref="DrumSound"/>): its pitch-gliding sine and noise burst, loudness proportional to velocity,
/// a 1 ms attack and a 5 ms fade at the end of its <see cref="DrumSound.Seconds"/>. The noise is seeded by the hit's
/// start sample, so a render is the same every time.
/// </summary>
internal sealed class DrumVoice : ISynthVoice
{
    /// <summary>Peak level of a velocity-127 hit, as a fraction of full scale.</summary>
    public const double Gain = 0.5;

    private const double GlideSeconds = 0.04, AttackSeconds = 0.001, FadeSeconds = 0.005;

    private readonly DrumSound _sound;
    private readonly double _level;
    private readonly long _start, _attackSamples, _fadeSamples;
    private long _next;
    private double _phase, _lastNoise;
    private uint _noiseState;

    public DrumVoice(AudioNote hit, DrumSound sound)
    {
        _sound = sound;
        _level = Gain * Math.Clamp(hit.Velocity, 0, 127) / 127.0;
        _start = _next = AudioFormat.SampleAt(hit.Start);
        _attackSamples = AudioFormat.Duration(AttackSeconds);
        _fadeSamples = AudioFormat.Duration(FadeSeconds);
        EndSample = _start + AudioFormat.Duration(sound.Seconds);
        _noiseState = (uint)(_start * 2654435761L) | 1;
    }

    public long EndSample { get; }

    public void AddTo(Span<float> block, long blockStart)
    {
        int from = (int)Math.Max(0, _next - blockStart), to = (int)Math.Min(block.Length, EndSample - blockStart);
        for (int i = from; i < to; i++, _next++)
        {
            double t = (_next - _start) / (double)AudioFormat.SampleRate;
            double frequency = _sound.ToneTo + (_sound.ToneFrom - _sound.ToneTo) * Math.Exp(-t / GlideSeconds);
            _phase += 2 * Math.PI * frequency / AudioFormat.SampleRate;
            double tone = _sound.ToneLevel == 0 ? 0
                : _sound.ToneLevel * Math.Sin(_phase) * Math.Exp(-t / _sound.ToneDecay);
            double white = NextNoise(), bright = 0.5 * (white - _lastNoise);
            _lastNoise = white;
            double mixed = (1 - _sound.Brightness) * white + _sound.Brightness * bright;
            double noise = _sound.NoiseLevel * mixed * Math.Exp(-t / _sound.NoiseDecay);
            block[i] += (float)(_level * (tone + noise) * Envelope(_next));
        }
    }

    private double Envelope(long sample)
        => Math.Min(1.0, (sample - _start + 1) / (double)_attackSamples)
            * Math.Min(1.0, (EndSample - sample) / (double)_fadeSamples);

    // xorshift32, uniform in [-1, 1)
    private double NextNoise()
    {
        _noiseState ^= _noiseState << 13;
        _noiseState ^= _noiseState >> 17;
        _noiseState ^= _noiseState << 5;
        return _noiseState / 2147483648.0 - 1.0;
    }
}
