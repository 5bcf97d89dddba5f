namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// What <see cref="SafetensorsFile"/> checks before it writes, so that no write replaces a good file with one its own
/// read refuses: every tensor named, once, and not "__metadata__" (the header's key for the metadata, so a tensor of
/// that name would be read as damaged metadata); every value finite; every metadata value present. Each is an
/// <see cref="ArgumentException"/> naming the tensor or key, raised before any file is touched.
/// </summary>
internal static class SafetensorsWriteChecks
{
    /// <summary>The header's key for the metadata, which no tensor may take.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Throws for the first tensor or metadata entry a read of the file would refuse.</summary>
    public static void Check(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int t = 0; t < tensors.Count; t++)
        {
            var tensor = tensors[t] ?? throw new ArgumentException($"tensor {t} of the file is null");
            if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == MetadataKey)
                throw new ArgumentException(
                    $"tensor {t} is named '{tensor.Name}': a tensor needs a name, and not {MetadataKey}");
            if (!names.Add(tensor.Name))
                throw new ArgumentException($"two tensors are named {tensor.Name}; each name may appear once");
            if (tensor.Shape is null || tensor.Values is null)
                throw new ArgumentException(
                    $"tensor {tensor.Name} has no {(tensor.Shape is null ? "shape" : "values")}");
            RequireFinite(tensor);
        }
        foreach (var (key, value) in metadata)
            if (value is null) throw new ArgumentException($"metadata {key} is null; every metadata value is a string");
    }

    private static void RequireFinite(NamedTensor tensor)
    {
        for (int i = 0; i < tensor.Values.Length; i++)
            if (!float.IsFinite(tensor.Values[i]))
                throw new ArgumentException($"tensor {tensor.Name} holds {tensor.Values[i]} at value {i}; a stored "
                    + "value must be finite (a read refuses the file)");
    }
}
