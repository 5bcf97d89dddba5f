namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Collects what <see cref="TrackParser"/> finds in every track and checks the whole song at the end.
/// </summary>
internal sealed class SongBuilder(int ticksPerQuarter)
{
    public List<MidiNote> Notes { get; } = [];
    public List<TempoChange> Tempos { get; } = [];
    public List<TimeSignature> Meters { get; } = [];
    public List<SustainEvent> Sustain { get; } = [];
    public long EndTick { get; set; }

    public MidiSong ToSong(string name, int format, int trackCount)
    {
        var tempo = new TempoMap(ticksPerQuarter, Tempos);
        var meters = new List<TimeSignature>();
        foreach (var meter in Meters.OrderBy(m => m.Tick))
        {
            if (meters.Count > 0 && meters[^1].Tick == meter.Tick) meters[^1] = meter;
            else meters.Add(meter);
        }
        var song = new MidiSong(name, format, trackCount, tempo, meters, Notes, Sustain,
            EndTick);
        double seconds = song.DurationSeconds;
        if (seconds > MidiLimits.MaxDurationSeconds)
            throw new MidiFormatException(name,
                $"lasts {seconds / 3600:0.#} hours; songs longer than "
                + $"{MidiLimits.MaxDurationSeconds / 3600:0} hours are refused");
        return song;
    }
}
