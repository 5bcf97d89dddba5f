using System.Buffers.Binary;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// Builds MIDI files byte by byte, so tests control running status, chunk lengths and every other detail.
/// </summary>
internal static class MidiBytes
{
    /// <summary>A whole file: header, then the given track bodies each wrapped in an MTrk chunk.</summary>
    public static byte[] File(int format, int ticksPerQuarter, params byte[][] trackBodies)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Header(format, trackBodies.Length, ticksPerQuarter));
        foreach (var body in trackBodies) bytes.AddRange(Chunk("MTrk", body));
        return [.. bytes];
    }

    public static byte[] Header(int format, int tracks, int division)
    {
        var header = new byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)format);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)tracks);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(12), (ushort)division);
        return header;
    }

    public static byte[] Chunk(string id, byte[] body, uint? declaredLength = null)
    {
        var chunk = new byte[8 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), declaredLength ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>Concatenates events; each event is a delta time plus its bytes.</summary>
    public static byte[] Track(params byte[][] events) => [.. events.SelectMany(e => e)];

    public static byte[] Event(long delta, params byte[] message) => [.. VarLength(delta), .. message];

    public static byte[] Tempo(long delta, int microsPerQuarter)
        => Event(delta, 0xFF, 0x51, 0x03, (byte)(microsPerQuarter >> 16), (byte)(microsPerQuarter >> 8),
            (byte)microsPerQuarter);

    public static byte[] Meter(long delta, int numerator, int denominatorLog2)
        => Event(delta, 0xFF, 0x58, 0x04, (byte)numerator, (byte)denominatorLog2, 24, 8);

    public static byte[] EndOfTrack(long delta = 0) => Event(delta, 0xFF, 0x2F, 0x00);

    public static byte[] VarLength(long value)
    {
        var groups = new List<byte> { (byte)(value & 0x7F) };
        while ((value >>= 7) > 0) groups.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. groups];
    }
}
