using System.Text.Json.Nodes;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// The training options only some datasets read: Groove's filters and sections, MAESTRO's composer and encoding,
/// the synthetic set's sizes, and the folder and splits of the two real datasets. A user who sets one for a run on
/// another dataset gets an error naming it, where the run once trained and ignored it with exit 0 (--composer Chopin
/// on Groove trained on every drummer).
/// </summary>
public static class DatasetOnlyOptions
{
    private static readonly DatasetKind[] RealDatasets = [DatasetKind.Groove, DatasetKind.Maestro];

    /// <summary>Each dataset-only options key, with the datasets that read it.</summary>
    public static readonly IReadOnlyDictionary<string, DatasetKind[]> ReadBy = new Dictionary<string, DatasetKind[]>
    {
        ["meter"] = [DatasetKind.Groove], ["style"] = [DatasetKind.Groove], ["drummer"] = [DatasetKind.Groove],
        ["beat_type"] = [DatasetKind.Groove], ["bars"] = [DatasetKind.Groove], ["hop_bars"] = [DatasetKind.Groove],
        ["composer"] = [DatasetKind.Maestro], ["encoding"] = [DatasetKind.Maestro],
        ["frames_per_second"] = [DatasetKind.Maestro], ["window_frames"] = [DatasetKind.Maestro],
        ["samples"] = [DatasetKind.Synthetic], ["validation_samples"] = [DatasetKind.Synthetic],
        ["data"] = RealDatasets, ["split"] = RealDatasets, ["validation_split"] = RealDatasets,
        ["max_files"] = RealDatasets,
    };

    private static readonly JsonObject Defaults = JsonNode.Parse(new TrainingOptions().ToJson())!.AsObject();

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> for the first key of <paramref name="layer"/> (a config file's or
    /// the flags' options, named by <paramref name="source"/>) that <paramref name="dataset"/> does not read and
    /// that holds other than its default: a whole options.json of another run, nulls and defaults included, passes.
    /// </summary>
    public static void Check(DatasetKind dataset, JsonObject layer, string source)
    {
        foreach (var (key, value) in layer)
        {
            if (!ReadBy.TryGetValue(key, out var readers) || readers.Contains(dataset)
                || JsonNode.DeepEquals(value, Defaults[key]))
                continue;
            string readerNames = string.Join(" and ", readers.Select(Name));
            throw new InvalidDataException(
                $"{source}: {key} (--{key.Replace('_', '-')}) is read by the {readerNames} dataset"
                + $"{(readers.Length > 1 ? "s" : "")} only, and this run's dataset is {Name(dataset)}: drop it, or "
                + $"give --dataset {Name(readers[0])}");
        }
    }

    private static string Name(DatasetKind dataset) => dataset.ToString().ToLowerInvariant();
}
