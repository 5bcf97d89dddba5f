using System.Text.Json.Nodes;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Training.Schedules;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// The training options a run reads only under another option's value: Groove's filters and sections, MAESTRO's
/// composer and encoding, the synthetic set's sizes, the folder and splits of the two real datasets, the schedules'
/// own settings, the TCN's kernel and lifetime sparsity's rate. A user who sets one where the run does not read it
/// gets an error naming it, where the run once trained, ignored it and exited 0 (--composer Chopin on Groove trained on
/// every drummer; --lr-min under the constant schedule kept the base rate).
/// </summary>
public static class UnreadTrainingOptions
{
    // an options key, when the run reads it, and why it does not (after "lr_min (--lr-min) ")
    private sealed record Rule(string Key, Func<TrainingOptions, bool> IsRead, Func<TrainingOptions, string> Why);

    private static readonly DatasetKind[] RealDatasets = [DatasetKind.Groove, DatasetKind.Maestro];

    private static readonly Rule[] Rules =
    [
        .. new[] { "meter", "style", "drummer", "beat_type", "bars", "hop_bars" }
            .Select(key => ReadBy(key, DatasetKind.Groove)),
        .. new[] { "composer", "encoding", "frames_per_second", "window_frames" }
            .Select(key => ReadBy(key, DatasetKind.Maestro)),
        ReadBy("samples", DatasetKind.Synthetic), ReadBy("validation_samples", DatasetKind.Synthetic),
        .. new[] { "data", "split", "validation_split", "max_files" }.Select(key => ReadBy(key, RealDatasets)),
        new("frames_per_second", options => options.Encoding != RepresentationKind.Events,
            _ => "is read by the frame-based encodings (pianoroll, onset-roll) only, and this run's is events: drop "
                + "it, or give --encoding onset-roll"),
        ReadUnder("lr_min", LearningRateShape.Cosine),
        .. new[] { "lr_step_epochs", "lr_gamma" }.Select(key => ReadUnder(key, LearningRateShape.Step)),
        new("tcn_kernel", options => options.TcnWidths.Length > 0,
            _ => "is read by a TCN front end only, and this run has none: drop it, or give --tcn-widths"),
        new("lifetime_rate", options => options.Sparsity == SparsityKind.Lifetime,
            options => $"is read by sparsity lifetime only, and this run's is {Name(options.Sparsity)}: drop it, or "
                + "give --sparsity lifetime"),
        .. new[] { "k_end", "k_schedule" }.Select(key => new Rule(key,
            options => options.Sparsity == SparsityKind.ChannelTopK,
            options => $"is read by sparsity channel-top-k only (the others keep no k winners), and this run's is "
                + $"{Name(options.Sparsity)}: drop it, or give --sparsity channel-top-k")),
    ];

    private static readonly JsonObject Defaults = JsonNode.Parse(new TrainingOptions().ToJson())!.AsObject();

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> for the first key of <paramref name="layer"/> (a config file's or
    /// the flags' options, named by <paramref name="source"/>) that the resolved <paramref name="options"/> do not read
    /// and that holds other than its default: a whole options.json of another run, nulls and defaults included, passes.
    /// </summary>
    public static void Check(TrainingOptions options, JsonObject layer, string source)
    {
        foreach (var (key, value) in layer)
        {
            if (JsonNode.DeepEquals(value, Defaults[key])) continue;
            if (Rules.FirstOrDefault(rule => rule.Key == key && !rule.IsRead(options)) is { } unread)
                throw new InvalidDataException($"{source}: {key} (--{key.Replace('_', '-')}) {unread.Why(options)}");
        }
    }

    private static Rule ReadBy(string key, params DatasetKind[] readers) => new(key,
        options => readers.Contains(options.Dataset),
        options => $"is read by the {string.Join(" and ", readers.Select(Name))} dataset"
            + $"{(readers.Length > 1 ? "s" : "")} only, and this run's dataset is {Name(options.Dataset)}: drop it, or "
            + $"give --dataset {Name(readers[0])}");

    private static Rule ReadUnder(string key, LearningRateShape schedule) => new(key,
        options => options.LrSchedule == schedule,
        options => $"is read by lr_schedule {Name(schedule)} only, and this run's is {Name(options.LrSchedule)}: "
            + $"drop it, or give --lr-schedule {Name(schedule)}");

    private static string Name<T>(T value) where T : struct, Enum => TrainingOptions.OptionsName(value);
}
