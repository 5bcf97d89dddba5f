using System.Runtime.InteropServices;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>
/// How a safetensors file stores its values: float32 ("F32") or float16 ("F16"); both read back as float32.
/// </summary>
public enum StoredPrecision
{
    /// <summary>4 bytes a value, exact.</summary>
    Float32,
    /// <summary>2 bytes a value (IEEE half: 11 significant bits, at most 65504 in magnitude): half the size.</summary>
    Float16,
}

/// <summary>
/// The safetensors dtype names and byte sizes of <see cref="StoredPrecision"/>, and the conversion of values.
/// </summary>
public static class StoredPrecisions
{
    /// <summary>The dtype string of the safetensors header.</summary>
    public static string DType(this StoredPrecision precision) => precision == StoredPrecision.Float16 ? "F16" : "F32";

    /// <summary>Bytes per stored value.</summary>
    public static int Bytes(this StoredPrecision precision) => precision == StoredPrecision.Float16 ? 2 : 4;

    /// <summary>The precision a dtype string names, or null for a dtype this reader does not take.</summary>
    public static StoredPrecision? FromDType(string dtype) => dtype switch
    {
        "F32" => StoredPrecision.Float32,
        "F16" => StoredPrecision.Float16,
        _ => null,
    };

    /// <summary>
    /// The bytes of <paramref name="values"/> as stored (little-endian); float16 refuses a finite value beyond its
    /// range, which would turn into an infinity, with an <see cref="ArgumentException"/> naming the tensor.
    /// </summary>
    public static byte[] Encode(this StoredPrecision precision, string name, float[] values)
    {
        if (precision == StoredPrecision.Float32) return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var halves = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
            if (Half.IsInfinity(halves[i]) && float.IsFinite(values[i]))
                throw new ArgumentException(
                    $"tensor {name} holds {values[i]} at value {i}, beyond float16's range (±65504); "
                    + "keep this model in float32");
        }
        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    }

    /// <summary>Stored bytes back to float32 values.</summary>
    public static float[] Decode(this StoredPrecision precision, ReadOnlySpan<byte> bytes)
    {
        if (precision == StoredPrecision.Float32) return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        var halves = MemoryMarshal.Cast<byte, Half>(bytes);
        var values = new float[halves.Length];
        for (int i = 0; i < halves.Length; i++) values[i] = (float)halves[i];
        return values;
    }
}
