using System.CommandLine;
using System.Globalization;
using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Training.Configuration;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta dataset stats --dataset groove|maestro --data DIR": encodes the (filtered) dataset through the cache,
/// in parallel, and prints counts per split and label, bars or events, dropped pitches, the time it took, and the
/// skipped files with their reasons.
/// </summary>
public static class DatasetStatsCommand
{
    private const int TopComposers = 15;

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "Which dataset: groove or maestro",
            Required = true,
        };
        dataset.AcceptOnlyChoices("groove", "maestro");
        var data = new Option<string>("--data")
        {
            Description = "The dataset folder (holding info.csv, or maestro-v3.0.0.csv)",
            Required = true,
        };
        var split = new Option<string?>("--split") { Description = "Only this split: train, validation or test" };
        var meter = new Option<string>("--meter")
        {
            Description = $"Groove: only files of this time signature, as info.csv writes it (4-4, 3-4, 6-8, ...), " +
                $"or '{GrooveFilter.AllMeters}' for every meter; " +
                $"the default, {GrooveSections.DefaultMeter}, is what training uses (the paper's 4/4 bars). Sections " +
                $"are cut in that meter only; with '{GrooveFilter.AllMeters}' each file's sections " +
                "follow its own bar length",
            DefaultValueFactory = _ => GrooveSections.DefaultMeter,
        };
        var style = new Option<string?>("--style") { Description = "Groove: only this style (funk, or funk/groove1)" };
        var drummer = new Option<string?>("--drummer")
        {
            Description = "Groove: only this drummer (drummer1 .. drummer10)",
        };
        var beatType = new Option<string?>("--beat-type") { Description = "Groove: only beats or fills (beat, fill)" };
        var bars = new Option<int>("--bars") { Description = "Groove: bars per section", DefaultValueFactory = _ => 1 };
        var hop = new Option<int>("--hop-bars", "--hop")
        {
            Description = "Groove: bars between section starts (as in train)", DefaultValueFactory = _ => 1,
        };
        var composer = new Option<string?>("--composer")
        {
            Description = "MAESTRO: only composers whose name contains this (Chopin)",
        };
        var encoding = new Option<string>("--encoding")
        {
            Description = "MAESTRO: events (388-event sequences) or pianoroll (176 channels at 100 fps)",
            DefaultValueFactory = _ => "events",
        };
        encoding.AcceptOnlyChoices("events", "pianoroll");
        var cacheOptions = new EncodingCacheOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };

        var command = new Command("stats",
            "Count files, bars or events per split and label, dropped pitches and skipped files of a dataset")
        {
            dataset, data, split, meter, style, drummer, beatType, bars, hop, composer, encoding, json,
        };
        cacheOptions.AddTo(command);
        command.SetGuardedAction(parse =>
        {
            string dir = parse.GetValue(data)!;
            bool groove = parse.GetValue(dataset) == "groove";
            UnreadOptions.Refuse(parse, groove ? "--dataset groove (a MAESTRO option)"
                : "--dataset maestro (a Groove option)",
                groove ? [composer, encoding] : [meter, style, drummer, beatType, bars, hop]);
            if (parse.GetValue(bars) < 1 || parse.GetValue(hop) < 1)
                throw new ArgumentException(
                    $"--bars and --hop-bars must be at least 1, got {parse.GetValue(bars)} and {parse.GetValue(hop)}");
            // a typo once selected no file and printed empty tables
            if (parse.GetValue(split) is { } only) TrainingOptions.RequireSplit(only);
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such folder");
            var cache = cacheOptions.Open(parse);
            var report = groove
                ? Groove(dir, new GrooveFilter(parse.GetValue(split), GrooveFilter.ParseMeter(parse.GetValue(meter)!),
                    parse.GetValue(style), parse.GetValue(drummer), parse.GetValue(beatType)), cache,
                        parse.GetValue(bars), parse.GetValue(hop))
                : Maestro(dir, new MaestroFilter(parse.GetValue(split), parse.GetValue(composer)),
                    parse.GetValue(encoding) == "pianoroll", cache);
            Console.WriteLine(parse.GetValue(json) ? report.ToJson() : report.ToText());
            return 0;
        });
        return command;
    }

    private static DatasetReport Groove(string dir, GrooveFilter filter, EncodingCache? cache, int bars, int hop)
    {
        var set = GrooveDataset.Open(dir, filter, cache, bars, hop);
        var files = set.Load.Files;
        var sections = set.Sections.GroupBy(s => s.Source).ToDictionary(g => g.Key, g => g.Count());
        string[] columns = ["files", "bars", "sections", "notes"];
        double[] Values(LoadedFile<GrooveEntry, GrooveGrid> f)
            => [1, f.Data.Bars.Count, sections.GetValueOrDefault(f.Entry), f.Data.MappedNotes];
        var report = new DatasetReport { Title = $"Groove MIDI Dataset, {dir} ({Describe(filter)})",
            Skipped = set.Load.Skipped };
        AddLoadSummary(report, files.Count, set.Load.Skipped.Count, set.Load.Elapsed, cache);
        ExplainNoneSelected(report, files.Count + set.Load.Skipped.Count, () => GrooveIndex.Load(dir).WhyNone(filter));
        string shapes = string.Join(", ",
            set.Sections.GroupBy(s => s.Steps).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} of [27, {g.Key}]"));
        report.Summary.Add(
            ("sections",
            $"{set.Sections.Count} of {bars} bar{(bars == 1 ? "" : "s")} every {hop}"
            + (shapes.Length == 0 ? "" : $": {shapes}")));
        report.Summary.Add(
            ("notes merged into a louder one of their class and step", files.Sum(f => f.Data.MergedNotes)));
        report.Summary.Add(("notes off the drum channel 10, dropped", files.Sum(f => f.Data.OffDrumChannelNotes)));
        report.Tables.Add(DatasetReport.Group("split", files, f => f.Entry.Split, columns, Values));
        report.Tables.Add(DatasetReport.Group("drummer", files, f => f.Entry.Drummer, columns, Values));
        report.Tables.Add(DatasetReport.Group("style", files, f => f.Entry.PrimaryStyle, columns, Values));
        report.Tables.Add(DatasetReport.Group("beat type", files, f => f.Entry.BeatType, columns, Values));
        report.Tables.Add(DatasetReport.Group("meter", files, f => f.Entry.TimeSignature, columns, Values));
        for (int p = 0; p < 128; p++)
            if (set.DroppedByPitch[p] > 0) report.DroppedByPitch[p] = set.DroppedByPitch[p];
        return report;
    }

    private static DatasetReport Maestro(string dir, MaestroFilter filter, bool pianoRoll, EncodingCache? cache)
        => pianoRoll ? MaestroPianoRoll(dir, filter, cache) : MaestroEvents(dir, filter, cache);

    // "none selected: no train file has meter '7-8'; ..." when the filter listed no file at all
    private static void ExplainNoneSelected(DatasetReport report, int listed, Func<string> whyNone)
    {
        if (listed == 0) report.Summary.Add(("none selected", whyNone()));
    }

    private static DatasetReport MaestroEvents(string dir, MaestroFilter filter, EncodingCache? cache)
    {
        var load = MaestroDataset.LoadEvents(dir, filter, cache);
        var report = new DatasetReport { Title = $"MAESTRO, {dir} ({Describe(filter)}), encoding events [388, T]",
            Skipped = load.Skipped };
        AddLoadSummary(report, load.Files.Count, load.Skipped.Count, load.Elapsed, cache);
        ExplainNoneSelected(report, load.Files.Count + load.Skipped.Count,
            () => MaestroIndex.Load(dir).WhyNone(filter));
        string[] columns = ["files", "hours", "events", "notes"];
        double[] Values(LoadedFile<MaestroEntry, short[]> f)
            => [1, f.Entry.DurationSeconds / 3600, f.Data.Length, f.Data.Count(e => e < PerformanceEvents.NoteOffBase)];
        AddMaestroTables(report, load.Files, columns, Values);
        return report;
    }

    private static DatasetReport MaestroPianoRoll(string dir, MaestroFilter filter, EncodingCache? cache)
    {
        var load = MaestroDataset.LoadNotes(dir, filter, cache);
        var report = new DatasetReport { Title = $"MAESTRO, {dir} ({Describe(filter)}), encoding pianoroll "
            + "[176, frames] at 100 fps", Skipped = load.Skipped };
        AddLoadSummary(report, load.Files.Count, load.Skipped.Count, load.Elapsed, cache);
        ExplainNoneSelected(report, load.Files.Count + load.Skipped.Count,
            () => MaestroIndex.Load(dir).WhyNone(filter));
        string[] columns = ["files", "hours", "frames", "notes"];
        double[] Values(LoadedFile<MaestroEntry, Midi.TimedNote[]> f)
            => [1, f.Entry.DurationSeconds / 3600, PianoRoll.FrameCount(f.Data), f.Data.Length];
        AddMaestroTables(report, load.Files, columns, Values);
        foreach (var note in load.Files.SelectMany(f => f.Data).Where(n => !PianoRoll.IsKey(n.Pitch)))
            report.DroppedByPitch[note.Pitch] = report.DroppedByPitch.GetValueOrDefault(note.Pitch) + 1;
        return report;
    }

    private static void AddMaestroTables<T>(DatasetReport report, IReadOnlyList<LoadedFile<MaestroEntry, T>> files,
        string[] columns, Func<LoadedFile<MaestroEntry, T>, double[]> values)
    {
        report.Tables.Add(DatasetReport.Group("split", files, f => f.Entry.Split, columns, values));
        report.Tables.Add(DatasetReport.Group("composer", files, f => f.Entry.Composer, columns, values, TopComposers));
    }

    private static void AddLoadSummary(DatasetReport report, int loaded, int skipped, TimeSpan elapsed,
        EncodingCache? cache)
    {
        report.Summary.Add(("files", $"{loaded + skipped} listed, {loaded} loaded, {skipped} skipped"));
        report.Summary.Add(
            ("encoded in",
            string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds:0.00} s on {Environment.ProcessorCount} cores")));
        report.Summary.Add(("cache", cache == null ? "off"
            : $"{cache.Directory}: {cache.Hits} hits, {cache.Misses} misses, {cache.Rebuilt} rebuilt"
                + (cache.WriteFailures > 0 ? $", {cache.WriteFailures} not written" : "")));
    }

    private static string Describe(object filter)
    {
        var set = filter.GetType()
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public)
            .Select(p => (p.Name, Value: p.GetValue(filter))).Where(p => p.Value != null).ToList();
        return set.Count == 0 ? "all files"
            : string.Join(", ", set.Select(p => $"{p.Name.ToLowerInvariant()} {p.Value}"));
    }
}
