using TcnWtaNative.Midi.Cache;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Configuration;

namespace TcnWtaNative.Training.Data;

/// <summary>
/// Builds the training and validation sets that a run's options name: synthetic grids, Groove sections or MAESTRO
/// pieces.
/// </summary>
public static class TrainingDataLoader
{
    /// <summary>The word that turns validation off.</summary>
    public const string NoValidation = "none";

    /// <summary>
    /// Loads (through cache when given) both splits, with the files of each that were skipped; an empty training set
    /// is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static TrainingData Load(TrainingOptions options, EncodingCache? cache) => options.Dataset switch
    {
        DatasetKind.Synthetic => Synthetic(options),
        DatasetKind.Groove
            => Split(options, new RepresentationSettings(RepresentationKind.Groove),
                split => Groove(options, split, cache)),
        DatasetKind.Maestro
            => Split(options, new RepresentationSettings(options.Encoding, options.FramesPerSecond),
                split => Maestro(options, split, cache)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Dataset, "unknown dataset"),
    };

    private static TrainingData Synthetic(TrainingOptions options)
    {
        var train = SyntheticDrums.Generate(options.Samples, options.Seed);
        var validation = options.ValidationSamples > 0
            ? SyntheticDrums.Generate(options.ValidationSamples, options.Seed + 1) : null;
        var description = new List<string> { $"synthetic train: {train.Count} one-bar drum grids [27, 16] from "
            + $"{SyntheticDrums.Patterns.Length} patterns (seed {options.Seed})" };
        if (validation is not null)
            description.Add($"synthetic validation: {validation.Count} held-out grids (seed {options.Seed + 1})");
        return new TrainingData(train, validation, new RepresentationSettings(RepresentationKind.Groove), description,
            []);
    }

    private static TrainingData Split(TrainingOptions options, RepresentationSettings representation,
        Func<string, (IBatchSource Set, string Description, IReadOnlyList<SkippedFile> Skipped)> load)
    {
        var train = load(options.Split);
        if (train.Set.Count == 0)
            throw new InvalidDataException(
                $"{options.Data}: the {options.Split} split holds nothing to train on ({train.Description})");
        var description = new List<string> { train.Description };
        var skipped = new List<SkippedFile>(train.Skipped);
        IBatchSource? validation = null;
        if (!string.Equals(options.ValidationSplit, NoValidation, StringComparison.OrdinalIgnoreCase))
        {
            var loaded = load(options.ValidationSplit);
            validation = loaded.Set.Count > 0 ? loaded.Set : null;
            skipped.AddRange(loaded.Skipped);
            description.Add(loaded.Set.Count > 0 ? loaded.Description
                : $"{loaded.Description}; no validation loss will be reported");
        }
        return new TrainingData(train.Set, validation, representation, description, skipped);
    }

    private static (IBatchSource, string, IReadOnlyList<SkippedFile>) Groove(TrainingOptions options, string split,
        EncodingCache? cache)
    {
        var filter = new GrooveFilter(split, GrooveFilter.ParseMeter(options.Meter), options.Style, options.Drummer,
            options.BeatType);
        var dataset = GrooveDataset.Open(options.Data!, filter, cache, options.Bars, options.HopBars);
        var files = dataset.Load.Files.Take(options.MaxFiles ?? int.MaxValue).Select(file => file.Entry).ToHashSet();
        var sections = dataset.Sections.Where(section => files.Contains(section.Source)).ToList();
        string what = $"groove {split}: {files.Count} files ({dataset.Load.Skipped.Count} skipped), {sections.Count} "
            + $"sections of {options.Bars} bar(s)";
        if (files.Count == 0 && dataset.Load.Skipped.Count == 0)
            what += $": {GrooveIndex.Load(options.Data!).WhyNone(filter)}";
        if (sections.Count > 0 && sections.All(section => section.Steps == sections[0].Steps))
        {
            var set = new SignalSet(Midi.Groove.GrooveGrid.Channels, sections[0].Steps);
            foreach (var section in sections) set.Add(section.Grid);
            return (set, $"{what} [27, {set.Length}]", dataset.Load.Skipped);
        }
        var variable = new VariableLengthSet(Midi.Groove.GrooveGrid.Channels,
            sections.Select(section => section.Steps).ToList(), i => sections[i].Grid);
        return (variable,
            sections.Count == 0 ? what : $"{what} of varying length, {variable.TotalLength} steps in all",
            dataset.Load.Skipped);
    }

    private static (IBatchSource, string, IReadOnlyList<SkippedFile>) Maestro(TrainingOptions options, string split,
        EncodingCache? cache)
    {
        var index = MaestroIndex.Load(options.Data!);
        var filter = new MaestroFilter(split, options.Composer);
        var entries = index.Select(filter).Take(options.MaxFiles ?? int.MaxValue).ToList();
        string why = entries.Count == 0 ? $": {index.WhyNone(filter)}" : "";
        if (options.Encoding == RepresentationKind.Events)
        {
            var load = DatasetLoader.Load(entries, index.PathOf, Codecs.PianoEvents, cache);
            var events = load.Files.Select(file => file.Data).ToList();
            var set = new EventPieceSet(events);
            return (set, Described(split, set.Pieces, load.Skipped.Count, "events") + why, load.Skipped);
        }
        var notes = DatasetLoader.Load(entries, index.PathOf, Codecs.PianoNotes, cache);
        var roll = (IRollRepresentation)MusicRepresentations.Create(
            new RepresentationSettings(options.Encoding, options.FramesPerSecond));
        var pieces = notes.Files.Select(file => roll.Windows(file.Data)).ToList();
        int channels = roll.Channels;
        var lengths = pieces.Select(piece => piece.Length).ToList();
        float[] Render(int piece, int first, int frames)
        {
            var window = new float[channels * frames];
            pieces[piece].Read(first, frames, window);
            return window;
        }
        if (options.WindowFrames > 0)
        {
            var windows = new PieceWindows(channels, lengths, options.WindowFrames,
                (piece, first, frames, destination) => pieces[piece].Read(first, frames, destination));
            return (windows,
                $"maestro {split}: {windows.Pieces} pieces ({notes.Skipped.Count} skipped), " +
                $"{lengths.Sum(l => (long)l)} frames " +
                $"at {options.FramesPerSecond:0.##} fps in {windows.Count} windows " +
                $"[{channels}, {windows.WindowLength}]{why}", notes.Skipped);
        }
        var whole = new VariableLengthSet(channels, lengths, i => Render(i, 0, lengths[i]));
        return (whole, Described(split, whole, notes.Skipped.Count, "frames") + why, notes.Skipped);
    }

    private static string Described(string split, VariableLengthSet set, int skipped, string unit)
        => $"maestro {split}: {set.Count} pieces ({skipped} skipped), {set.TotalLength} {unit} [{set.Channels}, T], " +
           $"longest {(set.Count > 0 ? Enumerable.Range(0, set.Count).Max(set.LengthOf) : 0)}";
}
