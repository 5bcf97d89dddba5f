using System.Globalization;

namespace TcnWtaNative.Midi.Datasets;

/// <summary>One row of the MAESTRO csv. <see cref="MidiFile"/> is relative to the dataset folder.</summary>
public sealed record MaestroEntry(string Composer, string Title, string Split, int Year, string MidiFile,
    double DurationSeconds);

/// <summary>
/// Which MAESTRO pieces to use; null fields match everything. <see cref="Composer"/> matches any part of the
/// canonical composer, case-insensitive ("Liszt" matches "Franz Schubert / Franz Liszt").
/// </summary>
public sealed record MaestroFilter(string? Split = null, string? Composer = null, int? Year = null)
{
    /// <summary>True when <paramref name="entry"/> passes every set field.</summary>
    public bool Matches(MaestroEntry entry)
        => (Split == null || string.Equals(Split, entry.Split, StringComparison.OrdinalIgnoreCase))
           && (Composer == null || entry.Composer.Contains(Composer, StringComparison.OrdinalIgnoreCase))
           && (Year == null || Year == entry.Year);
}

/// <summary>The MAESTRO v3 csv: composer, title, split, year, duration.</summary>
public sealed class MaestroIndex
{
    /// <summary>The index file inside the dataset folder.</summary>
    public const string CsvFileName = "maestro-v3.0.0.csv";

    private MaestroIndex(string directory, IReadOnlyList<MaestroEntry> entries)
    {
        Directory = directory;
        Entries = entries;
    }

    /// <summary>The dataset folder; entries' MIDI paths are relative to it.</summary>
    public string Directory { get; }

    /// <summary>Every row, in file order.</summary>
    public IReadOnlyList<MaestroEntry> Entries { get; }

    /// <summary>
    /// Reads DIR/maestro-v3.0.0.csv; a missing file or column, a split other than train, validation or test, a year or
    /// duration that is not a finite, non-negative number, or a file listed in two rows is an
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public static MaestroIndex Load(string directory)
    {
        string path = Path.Combine(directory, CsvFileName);
        if (!File.Exists(path))
            throw new InvalidDataException(
                $"{directory}: no {CsvFileName}; is this the MAESTRO v3.0.0 folder "
                + "(https://magenta.tensorflow.org/datasets/maestro)?");
        var table = CsvTable.Load(path);
        int composer = table.Column("canonical_composer"), title = table.Column("canonical_title"),
        split = table.Column("split"),
            year = table.Column("year"), midi = table.Column("midi_filename"), duration = table.Column("duration");
        var entries = new MaestroEntry[table.Rows.Count];
        for (int r = 0; r < entries.Length; r++)
            entries[r] = new MaestroEntry(table.Field(r, composer), table.Field(r, title),
                DatasetSplits.Of(table, r, split), (int)table.NonNegative(r, year), table.Field(r, midi),
                table.NonNegative(r, duration));
        IndexFiles.RefuseRepeats(table, directory, [.. entries.Select(e => e.MidiFile)]);
        return new MaestroIndex(directory, entries);
    }

    /// <summary>The entries that pass <paramref name="filter"/>.</summary>
    public IReadOnlyList<MaestroEntry> Select(MaestroFilter filter) => [.. Entries.Where(filter.Matches)];

    /// <summary>
    /// Why no entry passes <paramref name="filter"/>, for an error: the csv lists no piece of the split, or "no train
    /// piece's composer contains 'Chopn'; the train pieces' composers: Frédéric Chopin (161), ..." (and likewise for
    /// the year).
    /// </summary>
    public string WhyNone(MaestroFilter filter)
    {
        var split = Entries.Where(new MaestroFilter(filter.Split).Matches).ToList();
        string pieces = filter.Split is null ? "piece" : $"{filter.Split} piece";
        if (split.Count == 0) return $"{CsvFileName} lists no {pieces}";
        if (filter.Composer is { } composer && !split.Any(new MaestroFilter(filter.Split, composer).Matches))
            return $"no {pieces}'s composer contains '{composer}'; the {pieces}s' composers: "
                + ValueTally.Of(split.Select(entry => entry.Composer));
        if (filter.Year is { } year && !split.Any(new MaestroFilter(filter.Split, Year: year).Matches))
            return $"no {pieces} is from {year}; the {pieces}s' years: "
                + ValueTally.Of(split.Select(entry => entry.Year.ToString(CultureInfo.InvariantCulture)));
        return $"no {pieces} has both composer '{filter.Composer}' and year {filter.Year}";
    }

    /// <summary>The full path of an entry's MIDI file.</summary>
    public string PathOf(MaestroEntry entry) => Path.Combine(Directory, entry.MidiFile);
}
