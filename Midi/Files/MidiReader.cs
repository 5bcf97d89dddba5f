using System.Buffers.Binary;
using System.Text;

namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Reads standard MIDI files, formats 0 and 1, into a <see cref="MidiSong"/>. The chunk and event structure is
/// validated here byte by byte before anything is trusted: header magic and length, format (2 is refused), tick
/// division (SMPTE is refused), every chunk length against the bytes left, every event length against its chunk,
/// an end-of-track in every track, tempos within <see cref="MidiLimits"/>. Running status (kept across meta and
/// sysex events, as many files expect), note-on with velocity 0 as note-off, tempo and meter changes and CC64 are
/// all handled; chunks of unknown type are skipped and bytes after the last declared track are ignored. Every problem
/// is a <see cref="MidiFormatException"/> naming the file.
/// </summary>
/// <remarks>
/// NAudio's reader trusts declared lengths (a corrupt meta event can make it allocate the rest of the file) and
/// builds one object per event, so reading is done here, as writing is (<see cref="MidiWriter"/>); the tests check this
/// reader against NAudio's on the real datasets, and the writer's bytes against NAudio's export.
/// </remarks>
public static class MidiReader
{
    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static MidiSong Read(string path) => Parse(ReadBytes(path), path);

    /// <summary>
    /// Reads a file's bytes, refusing files over <see cref="MidiLimits.MaxFileBytes"/> (a device or pipe that gives
    /// more too, however long it claims to be) and turning I/O failures into a <see cref="MidiFormatException"/>
    /// naming the file.
    /// </summary>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new MidiFormatException(path,
                    Directory.Exists(path) ? "is a folder, not a MIDI file" : "file not found");
            if (BrokenLinks.Describe(path) is { } link) throw new MidiFormatException(path, $"file not found: {link}");
            if (info.Length > MidiLimits.MaxFileBytes)
                throw TooLarge(path, $"file is {info.Length / (1 << 20)} MB");
            return ReadAtMostTheLimit(path);
        }
        catch (UnauthorizedAccessException) { throw new MidiFormatException(path, "permission denied"); }
        catch (IOException) { throw new MidiFormatException(path, "could not be read (I/O error)"); }
    }

    // the file's bytes, read until its end or until they pass the limit: a length of 0 (/dev/zero, a pipe) is no
    // promise
    private static byte[] ReadAtMostTheLimit(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        using var bytes = new MemoryStream();
        var buffer = new byte[1 << 16];
        for (int read; (read = stream.Read(buffer)) > 0;)
        {
            if (bytes.Length + read > MidiLimits.MaxFileBytes)
                throw TooLarge(path, $"it gives more than {MidiLimits.MaxFileBytes >> 20} MB");
            bytes.Write(buffer, 0, read);
        }
        return bytes.ToArray();
    }

    private static MidiFormatException TooLarge(string path, string size) => new(path,
        $"{size}; MIDI files over {MidiLimits.MaxFileBytes >> 20} MB are not read");

    /// <summary>
    /// Parses MIDI bytes; <paramref name="name"/> is only used in error messages and as the song's name.
    /// </summary>
    public static MidiSong Parse(ReadOnlySpan<byte> data, string name)
    {
        var header = ReadHeader(data, name);
        var build = new SongBuilder(header.TicksPerQuarter);
        int position = 8 + header.Length;
        for (int track = 1; track <= header.TrackCount; track++)
        {
            var (start, length) = NextTrackChunk(data, ref position, track, header.TrackCount, name);
            new TrackParser(data.Slice(start, length), start, track, name, build).Run();
        }
        return build.ToSong(name, header.Format, header.TrackCount);
    }

    // Length: the header chunk's declared length, 6 or more (a longer one's extra bytes are skipped)
    private readonly record struct Header(int Length, int Format, int TrackCount, int TicksPerQuarter);

    private static Header ReadHeader(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length == 0) throw new MidiFormatException(name, "empty file (0 bytes)");
        if (!data[..Math.Min(4, data.Length)].SequenceEqual("MThd"u8[..Math.Min(4, data.Length)]))
            throw new MidiFormatException(name,
                $"not a MIDI file: it starts with {Describe(data[..Math.Min(4, data.Length)])}, not \"MThd\"");
        if (data.Length < 14)
            throw new MidiFormatException(name, $"truncated header: {data.Length} bytes, a MIDI header needs 14");
        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        // the standard asks readers to honour a longer header, for fields later versions may add
        if (headerLength < 6)
            throw new MidiFormatException(name,
                $"bad header chunk length {headerLength} (a MIDI header holds at least 6 bytes)");
        if (headerLength > data.Length - 8)
            throw new MidiFormatException(name,
                $"truncated header: it declares {headerLength} bytes but only {data.Length - 8} follow");
        int format = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int tracks = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        int division = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        if (format == 2)
            throw new MidiFormatException(name,
                "MIDI format 2 (independent sequences) is not supported; only formats 0 and 1");
        if (format > 2)
            throw new MidiFormatException(name, $"unknown MIDI format {format}; only formats 0 and 1 are supported");
        if (tracks == 0) throw new MidiFormatException(name, "the header declares no tracks");
        if (format == 0 && tracks != 1)
            throw new MidiFormatException(name, $"format 0 must have exactly one track, the header declares {tracks}");
        if ((division & 0x8000) != 0)
            throw new MidiFormatException(name,
                $"SMPTE time division ({256 - (division >> 8)} fps) is not supported; only ticks per quarter note");
        if (division == 0) throw new MidiFormatException(name, "ticks per quarter note is 0");
        return new Header((int)headerLength, format, tracks, division);
    }

    /// <summary>Finds the next MTrk chunk, skipping well-formed chunks of other types as the standard asks.</summary>
    private static (int Start, int Length) NextTrackChunk(ReadOnlySpan<byte> data, ref int position, int track,
        int tracks, string name)
    {
        while (true)
        {
            if (data.Length - position < 8)
                throw new MidiFormatException(name, data.Length == position
                    ? $"truncated: the header declares {tracks} tracks but the file ends after {track - 1}"
                    : $"truncated: track {track} of {tracks} has an incomplete chunk header at byte {position}");
            var id = data.Slice(position, 4);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 4)..]);
            long left = data.Length - position - 8;
            bool isTrack = id.SequenceEqual("MTrk"u8);
            if (!isTrack && !IsPrintableId(id))
                throw new MidiFormatException(name,
                    $"expected track {track} (an \"MTrk\" chunk) at byte {position}, found {Describe(id)}");
            if (length > left)
                throw new MidiFormatException(name,
                    $"truncated file or bad chunk length: {(isTrack ? $"track {track}" : $"chunk {Describe(id)}")} at "
                    + $"byte {position} declares {length} bytes but only {left} remain");
            int start = position + 8;
            position = start + (int)length;
            if (isTrack) return (start, (int)length);
        }
    }

    private static bool IsPrintableId(ReadOnlySpan<byte> id)
    {
        foreach (byte b in id) if (b < 0x20 || b > 0x7E) return false;
        return true;
    }

    /// <summary>Shows bytes as text when printable ("RIFF"), else as hex (0x00 0x01 ...).</summary>
    internal static string Describe(ReadOnlySpan<byte> bytes)
        => IsPrintableId(bytes) && bytes.Length > 0
            ? $"\"{Encoding.ASCII.GetString(bytes)}\""
            : string.Join(' ', bytes.ToArray().Select(b => $"0x{b:X2}"));
}
