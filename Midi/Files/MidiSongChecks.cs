namespace TcnWtaNative.Midi.Files;

/// <summary>
/// What a <see cref="MidiSong"/> accepts of its parts: what a MIDI file holds and <see cref="MidiReader"/> reads back,
/// so the encoders and <see cref="MidiWriter"/> never meet a value they would loop on, index out of range with or
/// write as another. A part outside is an <see cref="ArgumentException"/> naming it and the rule it breaks.
/// </summary>
internal static class MidiSongChecks
{
    /// <summary>MIDI's channels, 0 to 15 as <see cref="MidiNote.Channel"/> counts them.</summary>
    public const int Channels = 16;

    /// <summary>The largest value of a data byte: a pitch, a velocity, a controller value.</summary>
    public const int MaxDataValue = 127;

    /// <summary>The largest meter numerator: the time-signature event holds it in one byte.</summary>
    public const int MaxNumerator = 255;

    /// <summary>The largest meter denominator the reader accepts, 64ths.</summary>
    public const int MaxDenominator = 64;

    /// <summary>
    /// Checks a meter: tick 0 or later, numerator 1 to <see cref="MaxNumerator"/>, denominator a power of two from 1
    /// to <see cref="MaxDenominator"/>.
    /// </summary>
    public static void Meter(TimeSignature meter, string parameter)
    {
        string? rule = meter.Tick < 0 ? "its tick must be 0 or later"
            : meter.Numerator is < 1 or > MaxNumerator ? $"its numerator must be 1 to {MaxNumerator}"
            : meter.Denominator is < 1 or > MaxDenominator || !int.IsPow2(meter.Denominator)
                ? $"its denominator must be a power of two from 1 to {MaxDenominator}"
            : null;
        if (rule is not null)
            throw new ArgumentException($"a meter at tick {meter.Tick} is {meter}; {rule}", parameter);
    }

    /// <summary>
    /// Checks a tempo: one MIDI's 24-bit field holds and <see cref="MidiReader"/> reads back,
    /// <see cref="MidiLimits.MinMicrosecondsPerQuarter"/> to <see cref="MidiLimits.MaxMicrosecondsPerQuarter"/>
    /// microseconds per quarter note.
    /// </summary>
    public static void Tempo(TempoChange tempo, string parameter)
    {
        if (tempo.MicrosecondsPerQuarter is < MidiLimits.MinMicrosecondsPerQuarter
            or > MidiLimits.MaxMicrosecondsPerQuarter)
            throw new ArgumentException(
                $"a tempo at tick {tempo.Tick} is {tempo.MicrosecondsPerQuarter} microseconds per quarter note; it "
                + $"must be {MidiLimits.MinMicrosecondsPerQuarter} to {MidiLimits.MaxMicrosecondsPerQuarter}, a tempo "
                + $"in {MidiLimits.BpmRange}", parameter);
    }

    /// <summary>
    /// Checks a note: channel 0 to 15, pitch 0 to 127, velocity 1 to 127 (a note-on of velocity 0 is a note-off), and
    /// a start at tick 0 or later with an end no earlier (the reader gives a note-off at its note-on's tick a length
    /// of 0).
    /// </summary>
    public static void Note(MidiNote note, string parameter)
    {
        if (note.StartTick < 0 || note.EndTick < note.StartTick)
            throw new ArgumentException(
                $"a note lasts from tick {note.StartTick} to tick {note.EndTick}; it must start at tick 0 or later and "
                + "end no earlier than it starts", parameter);
        string? problem = note.Channel is < 0 or >= Channels ? $"is on channel {note.Channel}; {ChannelRule}"
            : PitchOrVelocityProblem(note.Pitch, note.Velocity);
        if (problem is not null) throw new ArgumentException($"a note at tick {note.StartTick} {problem}", parameter);
    }

    /// <summary>
    /// What a note of <paramref name="pitch"/> and <paramref name="velocity"/> breaks, "has pitch 130; a pitch must be
    /// 0 to 127" or the velocity's 1 to 127, or null when both hold: the one rule for notes of ticks and of seconds.
    /// </summary>
    public static string? PitchOrVelocityProblem(int pitch, int velocity)
        => pitch is < 0 or > MaxDataValue ? $"has pitch {pitch}; a pitch must be 0 to {MaxDataValue}"
            : velocity is < 1 or > MaxDataValue ? $"has velocity {velocity}; a velocity must be 1 to {MaxDataValue}"
            : null;

    /// <summary>Checks a sustain-pedal event: tick 0 or later, channel 0 to 15, value 0 to 127.</summary>
    public static void Pedal(SustainEvent pedal, string parameter)
    {
        if (pedal.Tick < 0)
            throw new ArgumentException($"a pedal event lies at tick {pedal.Tick}; it must lie at tick 0 or later",
                parameter);
        string? problem = pedal.Channel is < 0 or >= Channels ? $"is on channel {pedal.Channel}; {ChannelRule}"
            : pedal.Value is < 0 or > MaxDataValue ? $"has value {pedal.Value}; a value must be 0 to {MaxDataValue}"
            : null;
        if (problem is not null)
            throw new ArgumentException($"a pedal event at tick {pedal.Tick} {problem}", parameter);
    }

    private const string ChannelRule = "a channel must be 0 to 15";
}
