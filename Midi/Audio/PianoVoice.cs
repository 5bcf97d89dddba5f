namespace TcnWtaNative.Midi.Audio;

/// <summary>
/// A piano-like note: a few harmonic partials, each a sine decaying exponentially (higher partials and higher keys
/// faster), a 5 ms linear attack, loudness proportional to velocity, and a quick linear release from the note's end.
/// Each partial is a two-term sine recurrence, so a sample costs a multiply and a subtraction per partial.
/// </summary>
internal sealed class PianoVoice : ISynthVoice
{
    /// <summary>Peak level of a velocity-127 note, as a fraction of full scale.</summary>
    public const double Gain = 0.25;

    /// <summary>Attack and release lengths.</summary>
    public const double AttackSeconds = 0.005, ReleaseSeconds = 0.08;

    private static readonly double[] PartialLevels = [1.0, 0.45, 0.25, 0.12];
    private const double SilentLevel = 1e-4;

    private readonly double[] _amplitude, _decay, _coefficient, _previous, _beforePrevious;
    private readonly long _start, _releaseStart, _attackSamples, _releaseSamples;
    private long _next;

    public PianoVoice(AudioNote note)
    {
        _start = AudioFormat.SampleAt(note.Start);
        _attackSamples = AudioFormat.Duration(AttackSeconds);
        _releaseSamples = AudioFormat.Duration(ReleaseSeconds);
        _releaseStart = Math.Max(AudioFormat.SampleAt(note.End), _start + _attackSamples);
        double frequency = Frequency(note.Pitch), level = Gain * Math.Clamp(note.Velocity, 0, 127) / 127.0;
        int partials = PartialLevels.Length;
        while (partials > 1 && partials * frequency > 0.45 * AudioFormat.SampleRate) partials--;
        (_amplitude, _decay, _coefficient) = (new double[partials], new double[partials], new double[partials]);
        (_previous, _beforePrevious) = (new double[partials], new double[partials]);
        for (int h = 0; h < partials; h++)
        {
            double step = 2 * Math.PI * frequency * (h + 1) / AudioFormat.SampleRate;
            _amplitude[h] = level * PartialLevels[h];
            _decay[h] = Math.Exp(-(h + 1) / (DecaySeconds(note.Pitch) * AudioFormat.SampleRate));
            _coefficient[h] = 2 * Math.Cos(step);
            (_previous[h], _beforePrevious[h]) = (Math.Sin(-step), Math.Sin(-2 * step));
        }
        double decaySeconds = DecaySeconds(note.Pitch) * Math.Log(Math.Max(level, SilentLevel) / SilentLevel);
        long decayed = AudioFormat.Duration(decaySeconds);
        EndSample = Math.Min(_releaseStart + _releaseSamples, _start + Math.Max(decayed, _attackSamples));
        _next = _start;
    }

    public long EndSample { get; }

    /// <summary>Equal temperament, A4 (MIDI 69) = 440 Hz.</summary>
    public static double Frequency(int pitch) => 440.0 * Math.Pow(2, (pitch - 69) / 12.0);

    /// <summary>
    /// The fundamental's time constant: 4 s at the lowest key, shorter up the keyboard, at least 0.3 s.
    /// </summary>
    public static double DecaySeconds(int pitch) => Math.Clamp(4.0 * Math.Pow(2, -(pitch - 21) / 30.0), 0.3, 4.0);

    public void AddTo(Span<float> block, long blockStart)
    {
        int from = (int)Math.Max(0, _next - blockStart), to = (int)Math.Min(block.Length, EndSample - blockStart);
        for (int i = from; i < to; i++, _next++)
        {
            double sum = 0;
            for (int h = 0; h < _amplitude.Length; h++)
            {
                double sine = _coefficient[h] * _previous[h] - _beforePrevious[h];
                (_beforePrevious[h], _previous[h]) = (_previous[h], sine);
                sum += _amplitude[h] * sine;
                _amplitude[h] *= _decay[h];
            }
            block[i] += (float)(sum * Envelope(_next));
        }
    }

    private double Envelope(long sample)
    {
        double attack = Math.Min(1.0, (sample - _start + 1) / (double)_attackSamples);
        double release = sample < _releaseStart ? 1.0
            : Math.Max(0.0, 1.0 - (sample - _releaseStart) / (double)_releaseSamples);
        return attack * release;
    }
}
