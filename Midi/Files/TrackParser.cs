namespace TcnWtaNative.Midi.Files;

/// <summary>
/// Walks the events of one MTrk chunk, checking every length against the chunk before reading it, and hands notes,
/// tempos, meters and CC64 to a <see cref="SongBuilder"/>. Notes are paired first-in first-out per channel and pitch;
/// notes still sounding end with the track, at its end-of-track event or, in a chunk without one, at its last event.
/// </summary>
internal ref struct TrackParser
{
    private readonly ReadOnlySpan<byte> _chunk;
    private readonly int _fileOffset;
    private readonly int _track;
    private readonly string _name;
    private readonly SongBuilder _song;
    private readonly Queue<int>?[] _open = new Queue<int>?[16 * 128];
    private int _pos;
    private long _tick;
    private byte _running;

    public TrackParser(ReadOnlySpan<byte> chunk, int fileOffset, int track, string name, SongBuilder song)
    {
        _chunk = chunk;
        _fileOffset = fileOffset;
        _track = track;
        _name = name;
        _song = song;
    }

    public void Run()
    {
        while (_pos < _chunk.Length)
        {
            _tick += ReadVarLength("delta time");
            if (_pos >= _chunk.Length) throw Bad("the track ends in the middle of an event");
            int eventAt = _pos;
            byte status = _chunk[_pos];
            if (status >= 0x80) _pos++;
            else if (_running == 0)
                throw Bad(
                    $"data byte 0x{status:X2} at byte {_fileOffset + eventAt} has no status byte "
                    + "before it (running status)");
            else status = _running;

            if (status < 0xF0) ChannelMessage(status, eventAt);
            else if (status == 0xFF) { if (MetaEvent(eventAt)) { CloseOpenNotes(); return; } }
            else if (status is 0xF0 or 0xF7)
            {
                int length = ReadLength("system exclusive message", eventAt);
                _pos += length;
            }
            else throw Bad($"unexpected status byte 0x{status:X2} at byte {_fileOffset + eventAt}");
        }
        // no FF 2F 00: the chunk's end ends the track, as mido and pretty_midi read such files
        CloseOpenNotes();
    }

    private void ChannelMessage(byte status, int eventAt)
    {
        _running = status;
        int kind = status & 0xF0, channel = status & 0x0F;
        int a = DataByte(eventAt);
        int b = kind is 0xC0 or 0xD0 ? 0 : DataByte(eventAt);
        if (kind == 0x90 && b > 0)
        {
            int key = channel * 128 + a;
            (_open[key] ??= new Queue<int>()).Enqueue(_song.Notes.Count);
            _song.Notes.Add(new MidiNote(channel, a, b, _tick, -1));
        }
        else if (kind == 0x80 || kind == 0x90)
        {
            var open = _open[channel * 128 + a];
            if (open is { Count: > 0 })
            {
                int index = open.Dequeue();
                _song.Notes[index] = _song.Notes[index] with { EndTick = _tick };
            }
        }
        else if (kind == 0xB0 && a == 64) _song.Sustain.Add(new SustainEvent(_tick, channel, b));
    }

    /// <summary>Handles one meta event; true at end-of-track.</summary>
    private bool MetaEvent(int eventAt)
    {
        if (_pos >= _chunk.Length) throw Bad($"meta event at byte {_fileOffset + eventAt} is cut off");
        byte type = _chunk[_pos++];
        int length = ReadLength("meta event", eventAt);
        var body = _chunk.Slice(_pos, length);
        _pos += length;
        switch (type)
        {
            case 0x2F:
                _song.EndTick = Math.Max(_song.EndTick, _tick);
                return true;
            case 0x51:
                if (length != 3)
                    throw Bad($"tempo event at byte {_fileOffset + eventAt} has {length} data bytes (expected 3)");
                int micros = (body[0] << 16) | (body[1] << 8) | body[2];
                if (micros < MidiLimits.MinMicrosecondsPerQuarter)
                    throw Bad(
                        $"absurd tempo at byte {_fileOffset + eventAt}: {micros} microseconds per quarter note "
                        + $"({(micros == 0 ? "infinite" : $"{60_000_000.0 / micros:0.##}")} bpm; at most "
                        + $"{MidiLimits.MaxBpm:0} bpm is accepted)");
                _song.Tempos.Add(new TempoChange(_tick, micros));
                break;
            case 0x58:
                if (length < 2)
                    throw Bad($"time signature at byte {_fileOffset + eventAt} has {length} data bytes (expected 4)");
                if (body[0] == 0 || body[1] > 6)
                    throw Bad($"bad time signature at byte {_fileOffset + eventAt}: {body[0]}/2^{body[1]} (a meter "
                        + "needs a numerator of 1 or more and a note value of 64ths or longer)");
                _song.Meters.Add(new TimeSignature(_tick, body[0], 1 << body[1]));
                break;
        }
        return false;
    }

    private void CloseOpenNotes()
    {
        foreach (var open in _open)
            while (open is { Count: > 0 })
            {
                int index = open.Dequeue();
                _song.Notes[index] = _song.Notes[index] with { EndTick = _tick };
            }
    }

    private int DataByte(int eventAt)
    {
        if (_pos >= _chunk.Length)
            throw Bad($"message at byte {_fileOffset + eventAt} is cut off by the end of the track");
        byte value = _chunk[_pos++];
        if (value >= 0x80)
            throw Bad($"message at byte {_fileOffset + eventAt} has data byte 0x{value:X2} with the high bit set");
        return value;
    }

    private int ReadLength(string what, int eventAt)
    {
        long length = ReadVarLength($"{what} length");
        if (length > _chunk.Length - _pos)
            throw Bad(
                $"{what} at byte {_fileOffset + eventAt} declares {length} bytes but only "
                + $"{_chunk.Length - _pos} remain in the track");
        return (int)length;
    }

    private long ReadVarLength(string what)
    {
        long value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (_pos >= _chunk.Length)
                throw Bad($"{what} at byte {_fileOffset + _pos} is cut off by the end of the track");
            byte b = _chunk[_pos++];
            value = (value << 7) | (uint)(b & 0x7F);
            if (b < 0x80) return value;
        }
        throw Bad($"{what} at byte {_fileOffset + _pos - 4} is longer than 4 bytes");
    }

    private MidiFormatException Bad(string problem) => new(_name, $"track {_track}: {problem}");
}
