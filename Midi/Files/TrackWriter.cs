namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Writes one MTrk chunk, event by event, as NAudio's exporter lays it out: every event with its status byte (no
/// running status), a note-off as 0x80 with velocity 0, an end-of-track last. Ticks must come in order.
/// </summary>
internal sealed class TrackWriter(Stream output)
{
    private readonly long _lengthAt = Begin(output);
    private long _tick;

    /// <summary>A channel message of two data bytes at <paramref name="tick"/>: note on, note off, control.</summary>
    public void Channel(long tick, int status, int channel, int first, int second)
    {
        Delta(tick);
        output.WriteByte((byte)(status | channel));
        output.WriteByte((byte)first);
        output.WriteByte((byte)second);
    }

    /// <summary>A meta event (FF type length data) at <paramref name="tick"/>.</summary>
    public void Meta(long tick, byte type, ReadOnlySpan<byte> data)
    {
        Delta(tick);
        output.WriteByte(0xFF);
        output.WriteByte(type);
        output.WriteByte((byte)data.Length);
        output.Write(data);
    }

    /// <summary>The end-of-track at <paramref name="tick"/>, and the chunk's length filled in.</summary>
    public void End(long tick)
    {
        Meta(tick, 0x2F, []);
        long end = output.Position;
        output.Position = _lengthAt;
        WriteUInt32(output, (uint)(end - _lengthAt - 4));
        output.Position = end;
    }

    /// <summary>Writes a big-endian 32-bit value.</summary>
    public static void WriteUInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        output.Write(bytes);
    }

    // "MTrk" and a length to fill in at the end; returns where the length lies
    private static long Begin(Stream output)
    {
        output.Write("MTrk"u8);
        long at = output.Position;
        WriteUInt32(output, 0);
        return at;
    }

    // the time since the previous event as a variable-length quantity (the caller keeps it within 2^28 - 1)
    private void Delta(long tick)
    {
        long delta = tick - _tick;
        if (delta is < 0 or > MidiWriter.MaxDeltaTicks)
            throw new ArgumentException($"an event at tick {tick} lies {delta} ticks after the one before it");
        _tick = tick;
        Span<byte> bytes = stackalloc byte[4];
        int count = 0;
        do
        {
            bytes[count++] = (byte)(delta & 0x7F);
            delta >>= 7;
        } while (delta > 0);
        for (int i = count - 1; i >= 0; i--) output.WriteByte((byte)(bytes[i] | (i > 0 ? 0x80 : 0)));
    }
}
