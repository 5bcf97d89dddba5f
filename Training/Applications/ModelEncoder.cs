namespace TcnWtaNative.Training.Applications;

/// <summary>
/// The code encoder a model is meant to be used with, stored in the model file under <see cref="MetadataKey"/>
/// ("wta", "omp", "gain" or "union"; <c>tcnwta train</c> writes the preset's), so the applications' --encoder defaults
/// to it: a union-code model is coded and decoded by the union code unless told otherwise. A model without the key is
/// taken as <see cref="CodeEncoder.Wta"/>, the network's own encoder.
/// </summary>
public static class ModelEncoder
{
    /// <summary>The model metadata key.</summary>
    public const string MetadataKey = "encoder";

    /// <summary>
    /// The encoder recorded in <paramref name="metadata"/>, <see cref="CodeEncoder.Wta"/> when none is; a value that
    /// names no encoder is a clear error naming <paramref name="path"/>.
    /// </summary>
    public static CodeEncoder Of(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(MetadataKey, out var stored)) return CodeEncoder.Wta;
        var encoder = Enum.GetValues<CodeEncoder>().Where(e => Name(e) == stored).ToArray();
        return encoder.Length == 1 ? encoder[0]
            : throw new InvalidDataException(
                $"{path}: the metadata key {MetadataKey} is '{stored}', not one of "
                + $"{string.Join(", ", Enum.GetValues<CodeEncoder>().Select(Name))}");
    }

    /// <summary>An encoder's name, on the command line and in a model file: "wta", "omp", "gain", "union".</summary>
    public static string Name(CodeEncoder encoder) => encoder.ToString().ToLowerInvariant();
}
