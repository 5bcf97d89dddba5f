using System.Globalization;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
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

    /// <summary>
    /// The trained meter recorded in <paramref name="metadata"/> of the model file <paramref name="path"/>; null when
    /// the model has none. A recorded meter that is no time signature of 16th-note steps (train only records meters it
    /// cut sections in) is a damaged file: an <see cref="InvalidDataException"/>.
    /// </summary>
    public static string? Of(IReadOnlyDictionary<string, string> metadata, RepresentationKind kind, string path)
    {
        if (kind != RepresentationKind.Groove) return null;
        string meter = metadata.TryGetValue(MetadataKey, out var stored) ? stored : Default;
        if (string.Equals(meter, Midi.Datasets.GrooveFilter.AllMeters, StringComparison.OrdinalIgnoreCase)) return null;
        try { Parse(meter, $"{path}: the model's meter"); }
        catch (ArgumentException error) { throw new InvalidDataException(error.Message); }
        return meter;
    }

    /// <summary>
    /// "4-4" or "4/4" as a meter that divides into 16th notes; anything else is an <see cref="ArgumentException"/>
    /// that names it as <paramref name="what"/> ("--meter").
    /// </summary>
    public static TimeSignature Parse(string text, string what)
    {
        var parts = text.Split('-', '/');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int numerator)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int denominator)
            || numerator < 1 || numerator > 64 || denominator is not (1 or 2 or 4 or 8 or 16 or 32 or 64))
            throw new ArgumentException($"{what} \"{text}\" is not a time signature such as 4-4, 3-4 or 6-8");
        var meter = new TimeSignature(0, numerator, denominator);
        return GrooveBar.FitsGrid(meter) ? meter
            : throw new ArgumentException($"{what} {text} does not divide into 16th notes");
    }

    /// <summary>A time signature in Groove's spelling: 3/4 as "3-4".</summary>
    public static string Text(TimeSignature meter) => $"{meter.Numerator}-{meter.Denominator}";

    /// <summary>"4/4" for "4-4": how a meter is shown to a user.</summary>
    public static string Shown(string meter) => meter.Replace('-', '/');
}
