using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The meter a drum model was trained on ("4-4", Groove's spelling), stored in the model file under
/// <see cref="MetadataKey"/> by <c>tcnwta train</c>, so a piece in another meter can be warned about. A Groove model
/// without the key (written before it existed, or by hand) is taken as 4/4, as every Groove preset and the synthetic
/// data are; "all" (trained on every meter) and piano models have none.
/// </summary>
public static class ModelMeter
{
    /// <summary>The model metadata key.</summary>
    public const string MetadataKey = "meter";

    /// <summary>The meter a Groove model is taken to have when its file does not say.</summary>
    public const string Default = "4-4";

    /// <summary>The trained meter recorded in <paramref name="metadata"/>; null when the model has none.</summary>
    public static string? Of(IReadOnlyDictionary<string, string> metadata, RepresentationKind kind)
    {
        if (kind != RepresentationKind.Groove) return null;
        string meter = metadata.TryGetValue(MetadataKey, out var stored) ? stored : Default;
        return string.Equals(meter, Midi.Datasets.GrooveFilter.AllMeters, StringComparison.OrdinalIgnoreCase) ? null
            : meter;
    }

    /// <summary>A time signature in Groove's spelling: 3/4 as "3-4".</summary>
    public static string Text(TimeSignature meter) => $"{meter.Numerator}-{meter.Denominator}";

    /// <summary>"4/4" for "4-4": how a meter is shown to a user.</summary>
    public static string Shown(string meter) => meter.Replace('-', '/');
}
