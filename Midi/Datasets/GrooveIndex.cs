using TcnWtaNative.Midi.Groove;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>One row of the Groove MIDI Dataset's info.csv.</summary>
/// <param name="Drummer">"drummer1" .. "drummer10".</param>
/// <param name="Session">The recording session, e.g. "drummer1/eval_session".</param>
/// <param name="Id">The performance's id, e.g. "drummer1/eval_session/1".</param>
/// <param name="Style">As written, e.g. "funk/groove1" or "rock"; <see cref="PrimaryStyle"/> is the part before the
/// slash.</param>
/// <param name="Bpm">The tempo the drummer played at.</param>
/// <param name="BeatType">"beat" or "fill".</param>
/// <param name="TimeSignature">As written, e.g. "4-4".</param>
/// <param name="MidiFile">Relative to the dataset folder.</param>
/// <param name="DurationSeconds">The performance's length.</param>
/// <param name="Split">"train", "validation" or "test".</param>
public sealed record GrooveEntry(string Drummer, string Session, string Id, string Style, int Bpm, string BeatType,
    string TimeSignature, string MidiFile, double DurationSeconds, string Split)
{
    /// <summary>The style before any "/", e.g. "funk".</summary>
    public string PrimaryStyle => Style.Split('/')[0];
}

/// <summary>
/// Which Groove files to use. Null fields match everything. <see cref="Meter"/> defaults to
/// <see cref="GrooveSections.DefaultMeter"/> ("4-4"), the meter the paper trained on; pass null for every meter.
/// <see cref="Style"/> matches the whole style or its primary part ("funk" matches "funk/groove1").
/// </summary>
public sealed record GrooveFilter(string? Split = null, string? Meter = GrooveSections.DefaultMeter,
    string? Style = null, string? Drummer = null, string? BeatType = null)
{
    /// <summary>What a user writes for every meter, e.g. "--meter all".</summary>
    public const string AllMeters = "all";

    /// <summary>
    /// A meter option as <see cref="Meter"/> takes it: <see cref="AllMeters"/> is null (every meter), else the label in
    /// info.csv's spelling, "3/4" read as "3-4" (the way the commands show a meter).
    /// </summary>
    public static string? ParseMeter(string option)
        => string.Equals(option, AllMeters, StringComparison.OrdinalIgnoreCase) ? null : MeterLabel(option);

    /// <summary>A meter in info.csv's spelling: "3/4" as "3-4"; "3-4" and "all" as they are.</summary>
    public static string MeterLabel(string meter) => meter.Replace('/', '-');

    /// <summary>Every file of every meter.</summary>
    public static GrooveFilter All => new(Meter: null);

    /// <summary>True when <paramref name="entry"/> passes every set field (case-insensitive).</summary>
    public bool Matches(GrooveEntry entry)
        => Is(Split, entry.Split) && Is(Meter, entry.TimeSignature) && Is(Drummer, entry.Drummer)
            && Is(BeatType, entry.BeatType)
           && (Style == null || Is(Style, entry.Style) || Is(Style, entry.PrimaryStyle));

    private static bool Is(string? wanted, string value)
        => wanted == null || string.Equals(wanted, value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The Groove MIDI Dataset's info.csv: drummer, style, bpm, beat/fill, time signature, split.</summary>
public sealed class GrooveIndex
{
    /// <summary>The index file inside the dataset folder.</summary>
    public const string InfoFileName = "info.csv";

    private GrooveIndex(string directory, IReadOnlyList<GrooveEntry> entries)
    {
        Directory = directory;
        Entries = entries;
    }

    /// <summary>The dataset folder; entries' MIDI paths are relative to it.</summary>
    public string Directory { get; }

    /// <summary>Every row, in file order.</summary>
    public IReadOnlyList<GrooveEntry> Entries { get; }

    /// <summary>
    /// Reads DIR/info.csv; a missing file or column, a split other than train, validation or test, a bpm or duration
    /// that is not a finite, non-negative number, or a file listed in two rows is an
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static GrooveIndex Load(string directory)
    {
        string path = Path.Combine(directory, InfoFileName);
        if (!File.Exists(path))
            throw new InvalidDataException(
                $"{directory}: no {InfoFileName}; is this the Groove MIDI Dataset folder "
                + "(https://magenta.tensorflow.org/datasets/groove)?");
        var table = CsvTable.Load(path);
        int drummer = table.Column("drummer"), session = table.Column("session"), id = table.Column("id"),
            style = table.Column("style"), bpm = table.Column("bpm"), beat = table.Column("beat_type"),
            meter = table.Column("time_signature"), midi = table.Column("midi_filename"),
            duration = table.Column("duration"), split = table.Column("split");
        var entries = new GrooveEntry[table.Rows.Count];
        for (int r = 0; r < entries.Length; r++)
            entries[r] = new GrooveEntry(table.Field(r, drummer), table.Field(r, session), table.Field(r, id),
                table.Field(r, style),
                (int)table.NonNegative(r, bpm), table.Field(r, beat), table.Field(r, meter), table.Field(r, midi),
                table.NonNegative(r, duration), DatasetSplits.Of(table, r, split));
        IndexFiles.RefuseRepeats(table, directory, [.. entries.Select(e => e.MidiFile)]);
        return new GrooveIndex(directory, entries);
    }

    /// <summary>The entries that pass <paramref name="filter"/>.</summary>
    public IReadOnlyList<GrooveEntry> Select(GrooveFilter filter) => [.. Entries.Where(filter.Matches)];

    /// <summary>
    /// Why no entry passes <paramref name="filter"/>, for an error: "no train file has meter 7-8; the train files'
    /// meters: 4-4 (897), 3-4 (26), 6-8 (18)" for the first field that alone leaves none of the split, else that the
    /// fields together leave none (<see cref="GrooveFilterExplanation"/>).
    /// </summary>
    public string WhyNone(GrooveFilter filter) => GrooveFilterExplanation.WhyNone(Entries, filter);

    /// <summary>The full path of an entry's MIDI file.</summary>
    public string PathOf(GrooveEntry entry) => Path.Combine(Directory, entry.MidiFile);
}
