using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace TcnWtaNative.Engine.Checkpoints;

/// <summary>One float32 tensor of a safetensors file.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values);

/// <summary>
/// The safetensors format (what PyTorch users already read): an 8-byte little-endian header length, a JSON
/// header {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then the raw little-endian data.
/// Writes are atomic (temp file + rename); reads check every length and offset against the file before trusting it.
/// Tensors are written as F32 or F16 (<see cref="StoredPrecision"/>) and read from either as float32. A written file's
/// metadata records the SHA-256 of its data bytes (<see cref="DataHashKey"/>), which a read checks and takes out of
/// the metadata it returns, so a byte changed since (a flipped bit on disk or in a copy) is a clear error; files
/// without it (older ones, other writers') are read as before.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>The metadata key of the data bytes' SHA-256 (lower-case hex).</summary>
    public const string DataHashKey = "data_sha256";

    /// <summary>
    /// Writes tensors (as F32, or F16 when <paramref name="precision"/> says so) and string metadata as a .safetensors
    /// file, atomically.
    /// </summary>
    public static void Write(string path, IReadOnlyList<NamedTensor> tensors,
        IReadOnlyDictionary<string, string> metadata, StoredPrecision precision = StoredPrecision.Float32)
        => AtomicFile.Write(path, Contents(tensors, metadata, precision));

    /// <summary>
    /// The bytes of a .safetensors file of these tensors and metadata, as a writer for <see cref="AtomicFile"/>; the
    /// tensors are checked (<see cref="SafetensorsWriteChecks"/>) and encoded now, so a bad tensor is an
    /// <see cref="ArgumentException"/> before any file is touched.
    /// </summary>
    public static Action<Stream> Contents(IReadOnlyList<NamedTensor> tensors,
        IReadOnlyDictionary<string, string> metadata, StoredPrecision precision = StoredPrecision.Float32)
    {
        SafetensorsWriteChecks.Check(tensors, metadata);
        var data = tensors.Select(tensor => precision.Encode(tensor.Name, tensor.Values)).ToList();
        var stamped = new Dictionary<string, string>(metadata) { [DataHashKey] = HashOf(data) };
        var header = new JsonObject { ["__metadata__"] = new JsonObject(
            stamped.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))) };
        long offset = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.Shape.Aggregate(1L, (product, size) => product * size) != tensor.Values.Length)
                throw new ArgumentException(
                    $"tensor {tensor.Name} has shape [{string.Join(", ", tensor.Shape)}] but "
                    + $"{tensor.Values.Length} values");
            long end = offset + (long)precision.Bytes() * tensor.Values.Length;
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = precision.DType(),
                ["shape"] = new JsonArray(tensor.Shape.Select(size => (JsonNode?)JsonValue.Create(size)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(end)),
            };
            offset = end;
        }
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - headerBytes.Length % 8) % 8;   // the format allows trailing spaces;
                                                          // aligning the data helps readers
        return stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(headerBytes.Length + padding));
            stream.Write(length);
            stream.Write(headerBytes);
            for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
            foreach (var bytes in data) stream.Write(bytes);
        };
    }

    /// <summary>
    /// Reads every tensor and the metadata; a damaged file gives an InvalidDataException naming the problem.
    /// </summary>
    public static (Dictionary<string, NamedTensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint file");
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength < 8 || stream.Read(lengthBytes) != 8)
            throw Damaged(path, "shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
            throw Damaged(path, $"declares a {headerLength}-byte header in a {fileLength}-byte file");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var header = ParseHeader(path, headerBytes);
        long dataStart = 8 + (long)headerLength, dataLength = fileLength - dataStart;
        if (DeclaredDataEnd(header) is var declared && declared > dataLength)
            throw Damaged(path, $"cut short: its header places data up to byte {declared} of the data and the file "
                + $"holds {dataLength} (an interrupted copy or download?)");
        // checked before any value is read, so a changed byte is named as such, not as the odd value it made
        if (header["__metadata__"] is JsonObject stamped && stamped[DataHashKey] is JsonValue recorded
            && recorded.GetValueKind() == JsonValueKind.String
            && Convert.ToHexStringLower(SHA256.HashData(stream)) != recorded.GetValue<string>())
            throw Damaged(path, $"its data bytes do not match the SHA-256 its header records ({DataHashKey}): "
                + "a byte changed after it was written");
        var metadata = new Dictionary<string, string>();
        var tensors = new Dictionary<string, NamedTensor>();
        var ranges = new List<(string Name, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject entries) throw Damaged(path, "__metadata__ is not an object of strings");
                foreach (var (key, value) in entries)
                    metadata[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
                        : throw Damaged(path, $"metadata {key} is not a string");
                continue;
            }
            tensors[name] = ReadTensor(path, stream, name, node, dataStart, dataLength, ranges);
        }
        RequireContiguous(path, ranges, dataLength);
        metadata.Remove(DataHashKey);
        return (tensors, metadata);
    }

    // the end of the furthest tensor the header places, its offsets read leniently (ReadTensor checks them): a file
    // shorter than this was cut, which the data hash alone would call a changed byte
    private static long DeclaredDataEnd(JsonObject header)
    {
        long end = 0;
        foreach (var (name, node) in header)
            if (name != "__metadata__" && node is JsonObject entry
                && entry["data_offsets"] is JsonArray { Count: 2 } offsets && offsets[1] is JsonValue value
                && value.TryGetValue(out long offset))
                end = Math.Max(end, offset);
        return end;
    }

    // SHA-256 (lower-case hex) of the data bytes in file order
    private static string HashOf(IEnumerable<byte[]> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var bytes in data) hash.AppendData(bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when the file begins as the format requires: an 8-byte header length, then '{'.</summary>
    public static bool HasSafetensorsStart(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[9];
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        return read == start.Length && start[8] == (byte)'{';
    }

    // the header as a JSON object whose keys are unique at every level, or a clear error
    private static JsonObject ParseHeader(string path, byte[] bytes)
    {
        if (!Utf8.IsValid(bytes)) throw Damaged(path, "the header is not valid UTF-8 text");
        try
        {
            using (var document = JsonDocument.Parse(bytes)) RequireUniqueKeys(path, document.RootElement);
            return JsonNode.Parse(bytes) as JsonObject ?? throw Damaged(path, "the header is not a JSON object");
        }
        catch (JsonException) { throw Damaged(path, "the header is not a JSON object"); }
    }

    private static void RequireUniqueKeys(string path, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray()) RequireUniqueKeys(path, item);
        if (element.ValueKind != JsonValueKind.Object) return;
        var seen = new HashSet<string>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw Damaged(path, $"the header has the key '{property.Name}' twice");
            RequireUniqueKeys(path, property.Value);
        }
    }

    // one tensor's values, its data range added to ranges
    private static NamedTensor ReadTensor(string path, FileStream stream, string name, JsonNode? node, long dataStart,
        long dataLength, List<(string Name, long Begin, long End)> ranges)
    {
        try
        {
            var entry = node!.AsObject();
            string dtype = entry["dtype"]!.GetValue<string>();
            var precision = StoredPrecisions.FromDType(dtype)
                ?? throw Damaged(path, $"tensor {name} has dtype {dtype}; only F32 and F16 are supported");
            int[] shape = entry["shape"]!.AsArray().Select(size => size!.GetValue<int>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray();
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            long count = shape.Aggregate(1L, (product, size) => size < 0 ? -1 : product * size);
            if (begin < 0 || end < begin || end > dataLength)
                throw Damaged(path, $"tensor {name} lies at [{begin}, {end}) outside the {dataLength} data bytes");
            if (count < 0 || count * precision.Bytes() != end - begin)
                throw Damaged(path, $"tensor {name} has shape [{string.Join(", ", shape)}] but {end - begin} bytes");
            ranges.Add((name, begin, end));
            var bytes = new byte[end - begin];
            stream.Position = dataStart + begin;
            stream.ReadExactly(bytes);
            var values = precision.Decode(bytes);
            RequireFinite(path, name, values);
            return new NamedTensor(name, shape, values);
        }
        catch (Exception error)
            when (error is NullReferenceException or InvalidOperationException or FormatException or JsonException
            or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw Damaged(path, $"tensor {name} has a malformed header entry");
        }
    }

    // as the format requires, the tensors' ranges tile the data bytes: none overlaps another (two names reading one
    // value, so a write through one changed the other) and no byte lies outside every tensor (a hidden payload)
    private static void RequireContiguous(string path, List<(string Name, long Begin, long End)> ranges,
        long dataLength)
    {
        long covered = 0;
        string previous = "";
        foreach (var (name, begin, end) in ranges.OrderBy(range => range.Begin).ThenBy(range => range.End))
        {
            if (begin < covered)
                throw Damaged(path, $"tensor {name} at [{begin}, {end}) overlaps tensor {previous}, which ends at "
                    + $"{covered}");
            if (begin > covered)
                throw Damaged(path, $"the data bytes [{covered}, {begin}) belong to no tensor");
            (covered, previous) = (end, name);
        }
        if (covered != dataLength) throw Damaged(path, $"the data bytes [{covered}, {dataLength}) belong to no tensor");
    }

    private static void RequireFinite(string path, string name, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
            {
                string value = float.IsNaN(values[i]) ? "NaN" : values[i] > 0 ? "+Inf" : "-Inf";
                throw new InvalidDataException(
                    $"{path}: tensor {name} holds {value} at value {i}; every stored value must be finite");
            }
    }

    private static InvalidDataException Damaged(string path, string problem)
        => new($"{path}: damaged safetensors file: {problem}");
}
