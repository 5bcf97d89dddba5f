using System.Security.Cryptography;
using System.Text;
using TcnWtaNative.Midi.Files;

namespace TcnWtaNative.Midi.Cache;

/// <summary>
/// Encoded files on disk, keyed by the SHA-256 of the MIDI file's bytes and the codec's key (encoder, version,
/// parameters). An entry is magic "TWEC", format version, the codec key, the payload length and the payload's
/// SHA-256, then the payload; it is written to a temp file and renamed, so readers never see half an entry. An
/// entry that fails any check is rebuilt, never trusted. Safe to use from many threads at once.
/// </summary>
public sealed class EncodingCache
{
    /// <summary>Environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string EnvironmentVariable = "TCNWTA_CACHE";

    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "TWEC"u8;

    private int _hits, _misses, _rebuilt, _writeFailures;

    /// <summary>A cache in <paramref name="directory"/> (created when first written).</summary>
    public EncodingCache(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>$TCNWTA_CACHE, else ~/.cache/tcnwta.</summary>
    public static string DefaultDirectory
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "tcnwta");

    /// <summary>Where the entries are.</summary>
    public string Directory { get; }

    /// <summary>Entries found and used.</summary>
    public int Hits => _hits;

    /// <summary>Files encoded because no entry existed (files that fail to encode are not counted).</summary>
    public int Misses => _misses;

    /// <summary>Files encoded because their entry was damaged or stale.</summary>
    public int Rebuilt => _rebuilt;

    /// <summary>
    /// Entries that could not be written (read-only or full disk); the encodings were still returned.
    /// </summary>
    public int WriteFailures => _writeFailures;

    /// <summary>
    /// The encoding of the MIDI file at <paramref name="path"/>: from the cache when a sound entry exists, else
    /// encoded and stored. A bad MIDI file is a <see cref="MidiFormatException"/> (and nothing is stored).
    /// </summary>
    public T GetOrEncode<T>(string path, IEncodingCodec<T> codec)
    {
        byte[] midi = MidiReader.ReadBytes(path);
        string entry = EntryPath(midi, codec.Key);
        bool exists = File.Exists(entry);
        if (exists && TryRead(entry, codec, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        var value = codec.Encode(MidiReader.Parse(midi, path));
        Interlocked.Increment(ref exists ? ref _rebuilt : ref _misses);
        TryWrite(entry, codec, value);
        return value;
    }

    /// <summary>The entry file for MIDI bytes under a codec key.</summary>
    public string EntryPath(ReadOnlySpan<byte> midi, string codecKey)
    {
        Span<byte> fileHash = stackalloc byte[32];
        SHA256.HashData(midi, fileHash);
        string name = Convert.ToHexStringLower(SHA256.HashData([.. fileHash, .. Encoding.UTF8.GetBytes(codecKey)]));
        return Path.Combine(Directory, name[..2], name + ".bin");
    }

    private static bool TryRead<T>(string entry, IEncodingCodec<T> codec, out T value)
    {
        value = default!;
        try
        {
            byte[] bytes = File.ReadAllBytes(entry);
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion
                || reader.ReadString() != codec.Key) return false;
            long length = reader.ReadInt64();
            byte[] hash = reader.ReadBytes(32);
            long start = reader.BaseStream.Position;
            if (length != bytes.Length - start
                || !SHA256.HashData(bytes.AsSpan((int)start)).AsSpan().SequenceEqual(hash)) return false;
            using var payload = new BinaryReader(new MemoryStream(bytes, (int)start, (int)length, writable: false));
            value = codec.Read(payload);
            return payload.BaseStream.Position == length;
        }
        catch (Exception e)
            when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException
            or ArgumentException)
        {
            return false;
        }
    }

    private void TryWrite<T>(string entry, IEncodingCodec<T> codec, T value)
    {
        string temp = $"{entry}.{Guid.NewGuid():N}.tmp";
        try
        {
            var payload = new MemoryStream();
            using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true)) codec.Write(writer, value);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            using (var file = new BinaryWriter(File.Create(temp)))
            {
                file.Write(Magic);
                file.Write(FormatVersion);
                file.Write(codec.Key);
                file.Write(payload.Length);
                file.Write(SHA256.HashData(payload.GetBuffer().AsSpan(0, (int)payload.Length)));
                file.Write(payload.GetBuffer(), 0, (int)payload.Length);
            }
            File.Move(temp, entry, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _writeFailures);
            try { File.Delete(temp); } catch (Exception cleanup)
                when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }
}
