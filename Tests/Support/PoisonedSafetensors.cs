using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TcnWtaNative.Engine.Checkpoints;

namespace TcnWtaNative.Tests.Support;

/// <summary>
/// Puts a value the project's writer refuses (NaN, an infinity) into a float32 .safetensors file, as another tool
/// could write it: the bytes changed in place and the data hash taken out of the header, so that a read meets the
/// value itself, not a checksum that no longer matches.
/// </summary>
public static class PoisonedSafetensors
{
    /// <summary>Sets value <paramref name="index"/> of <paramref name="tensor"/> in the file to the value.</summary>
    public static void Poison(string path, string tensor, int index, float value)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        header["__metadata__"]!.AsObject().Remove(SafetensorsFile.DataHashKey);
        byte[] data = bytes[(8 + headerLength)..];
        int begin = (int)header[tensor]!["data_offsets"]![0]!.GetValue<long>();
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(begin + 4 * index), value);
        byte[] text = Encoding.UTF8.GetBytes(header.ToJsonString());
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)text.Length);
        File.WriteAllBytes(path, [.. length, .. text, .. data]);
    }
}
