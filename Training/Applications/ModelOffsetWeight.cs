using System.Globalization;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;

namespace TcnWtaNative.Training.Applications;

/// <summary>
/// How much a note's end counts when OMP codes an onset-roll piece over a model's atoms: the squared error of the
/// offset rows is weighed by it, that of the onset and velocity rows by 1 (the channel weights of
/// <see cref="Engine.Inference.PursuitCoder"/>). Below 1 the pursuit spends its budget on onsets before note ends
/// (docs/piano-rate-distortion.md, `piano-notes`). Stored in the model file under <see cref="MetadataKey"/> when it is
/// not 1 (<c>tcnwta train --offset-weight</c>); a model without the key weighs every row alike.
/// </summary>
public static class ModelOffsetWeight
{
    /// <summary>The model metadata key.</summary>
    public const string MetadataKey = "offset_weight";

    /// <summary>The weight of every row when none is given: plain least squares.</summary>
    public const double Plain = 1;

    /// <summary>The lightest and heaviest weights: the pursuit weighs in float, where 1e-46 is 0 and 1e39 infinite.
    /// </summary>
    public const double Lightest = 1e-6, Heaviest = 1e6;

    /// <summary>
    /// Why <paramref name="weight"/> is no offset weight (it must lie in [<see cref="Lightest"/>,
    /// <see cref="Heaviest"/>]); null when it is.
    /// </summary>
    public static string? Problem(double weight)
        => weight is >= Lightest and <= Heaviest ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"an offset weight must lie in [{Lightest:0.######}, {Heaviest:0}], got {weight}");

    /// <summary>
    /// Why <paramref name="weight"/> cannot weigh the pursuit over a model of <paramref name="kind"/>: no weight, or a
    /// weight other than 1 for a representation without note-end rows; null when it can.
    /// </summary>
    public static string? Problem(double weight, RepresentationKind kind)
        => Problem(weight) ?? (weight == Plain || kind == RepresentationKind.OnsetRoll ? null
            : $"an offset weight weighs the onset roll's note ends; this model's representation is {kind}");

    /// <summary>
    /// The weight recorded in <paramref name="metadata"/> of a model of <paramref name="kind"/>, <see cref="Plain"/>
    /// when none is; a value that is no weight, or a weight other than 1 for another representation than the onset
    /// roll, is a clear error naming <paramref name="path"/>.
    /// </summary>
    public static double Of(IReadOnlyDictionary<string, string> metadata, RepresentationKind kind, string path)
    {
        if (!metadata.TryGetValue(MetadataKey, out var stored)) return Plain;
        if (!double.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight)
            || Problem(weight) is not null)
            throw new InvalidDataException(
                $"{path}: the metadata key {MetadataKey} is '{stored}', not a positive number");
        return Problem(weight, kind) is { } problem
            ? throw new InvalidDataException($"{path}: the metadata key {MetadataKey}: {problem}") : weight;
    }

    /// <summary>
    /// "note ends weigh 0.25", for summaries and budget lines (invariant, at most 3 decimals); null for
    /// <see cref="Plain"/>.
    /// </summary>
    public static string? Describe(double weight)
        => weight == Plain ? null
            : $"note ends weigh {weight.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>How a weight is written in a model file: invariant, round-trippable.</summary>
    public static string Text(double weight) => weight.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The pursuit's channel weights [C] for a model of <paramref name="kind"/>: null for <see cref="Plain"/>, the
    /// onset roll's [264] with the offset rows at <paramref name="weight"/> otherwise; another representation with a
    /// weight other than 1 is an <see cref="ArgumentException"/> (it has no note-end rows).
    /// </summary>
    public static float[]? ChannelWeights(RepresentationKind kind, double weight)
    {
        if (Problem(weight, kind) is { } problem) throw new ArgumentException(problem);
        if (weight == Plain) return null;
        var weights = new float[OnsetRoll.Channels];
        Array.Fill(weights, 1f);
        Array.Fill(weights, (float)weight, OnsetRoll.OffsetRow, PianoRoll.Keys);
        return weights;
    }
}
