using System.Text.Json.Nodes;

namespace TcnWtaNative.Training.Configuration;

/// <summary>
/// The options a resumed run continues with. A value the command gives that equals the saved run's is no change, so
/// the original command with --resume appended is accepted; only <see cref="ChangeableKeys"/> may differ. The k and
/// learning-rate schedules keep the length they were saved with (k_epochs and lr_epochs are pinned to the saved run's,
/// unless the command names the same length), so a larger epochs continues at their end values, never re-stretches
/// them. A run of 0 epochs (atoms fit by their initializer alone) ran no schedule, so its resume spans them over the
/// new epochs as a fresh run of that length would. A command without a data folder keeps the saved one.
/// </summary>
public static class ResumedOptions
{
    /// <summary>The options a resume may change: they change neither the model nor the data it learns.</summary>
    public static readonly string[] ChangeableKeys = ["epochs", "data", "max_epoch_seconds", "checkpoint_every"];

    /// <summary>
    /// <paramref name="requested"/> (the options the command describes) with the saved schedule lengths, when every
    /// option outside <see cref="ChangeableKeys"/> equals the saved one; else an <see cref="ArgumentException"/> naming
    /// each change by its flag (<paramref name="flagOf"/> maps an options key to it) with both values.
    /// </summary>
    public static TrainingOptions Continue(TrainingOptions saved, TrainingOptions requested,
        Func<string, string> flagOf)
    {
        if (saved.Epochs == 0) saved = saved with { Epochs = requested.Epochs };
        var continued = requested with
        {
            Data = requested.Data ?? saved.Data,
            KEpochs = requested.KEpochs ?? saved.KDecayEpochs,
            LrEpochs = requested.LrEpochs ?? saved.LrDecayEpochs,
        };
        var before = JsonNode.Parse(PinSchedules(saved).ToJson())!.AsObject();
        var after = JsonNode.Parse(continued.ToJson())!.AsObject();
        var refused = before
            .Where(pair => !ChangeableKeys.Contains(pair.Key) && !JsonNode.DeepEquals(pair.Value, after[pair.Key]))
            .Select(pair => $"{flagOf(pair.Key)} (saved {Show(pair.Value)}, given {Show(after[pair.Key])})")
            .ToList();
        if (refused.Count > 0)
            throw new ArgumentException("--resume keeps the saved run's options; only "
                + $"{string.Join(", ", ChangeableKeys.Select(flagOf))} may change, not {string.Join(", ", refused)}");
        return continued;
    }

    private static TrainingOptions PinSchedules(TrainingOptions options)
        => options with { KEpochs = options.KDecayEpochs, LrEpochs = options.LrDecayEpochs };

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "none";
}
