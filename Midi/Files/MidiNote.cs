namespace TcnWtaNative.Midi.Files;

/// <summary>
/// One sounding note as read from (or written to) a MIDI file, in ticks. <see cref="Channel"/> is 0-based (the
/// General MIDI drum channel 10 is 9). A note-on with velocity 0 counts as a note-off; a note still sounding at the
/// end of its track ends at the track's end-of-track tick.
/// </summary>
public readonly record struct MidiNote(int Channel, int Pitch, int Velocity, long StartTick, long EndTick)
{
    /// <summary>The General MIDI drum channel, channel 10, 0-based.</summary>
    public const int DrumChannel = 9;
}
