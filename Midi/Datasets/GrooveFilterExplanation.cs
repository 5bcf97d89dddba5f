namespace TcnWtaNative.Midi.Datasets;

/// <summary>
/// Says which field of a <see cref="GrooveFilter"/> leaves no Groove file, and the values that field does take in the
/// split, so that "--meter 7-8" or "--style fnk" gets an answer instead of an empty dataset.
/// </summary>
public static class GrooveFilterExplanation
{
    /// <summary>
    /// Why no entry of <paramref name="entries"/> passes <paramref name="filter"/>: the split itself holds no file, or
    /// the first field (meter, style, drummer, beat type) that alone leaves none of the split, with the values the
    /// split's files have there and how many have each; or, when each field alone keeps some, that together they
    /// keep none.
    /// </summary>
    public static string WhyNone(IReadOnlyList<GrooveEntry> entries, GrooveFilter filter)
    {
        var split = entries.Where(entry => new GrooveFilter(filter.Split, Meter: null).Matches(entry)).ToList();
        string files = filter.Split is null ? "file" : $"{filter.Split} file";
        if (split.Count == 0) return $"info.csv lists no {files}";
        var fields = new (string Name, string? Wanted, GrooveFilter Alone, Func<GrooveEntry, string> Value)[]
        {
            ("meter", filter.Meter, new(filter.Split, filter.Meter), e => e.TimeSignature),
            ("style", filter.Style, new(filter.Split, null, Style: filter.Style), e => e.PrimaryStyle),
            ("drummer", filter.Drummer, new(filter.Split, null, Drummer: filter.Drummer), e => e.Drummer),
            ("beat type", filter.BeatType, new(filter.Split, null, BeatType: filter.BeatType), e => e.BeatType),
        };
        foreach (var (name, wanted, alone, value) in fields)
            if (wanted is not null && !split.Any(alone.Matches))
                return $"no {files} has {name} '{wanted}'; the {files}s' {name}s: "
                    + ValueTally.Of(split.Select(value));
        return $"no {files} has all of {string.Join(", ", fields.Where(f => f.Wanted is not null)
            .Select(f => $"{f.Name} '{f.Wanted}'"))}";
    }
}
