using System.Runtime.InteropServices;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Midi.Cache;

/// <summary>The codecs of the three encodings; bump a version when its encoder's output changes.</summary>
public static class Codecs
{
    /// <summary>Groove <see cref="GrooveGrid"/> of a whole file.</summary>
    public static IEncodingCodec<GrooveGrid> GrooveGrid { get; } = new GrooveGridCodec();

    /// <summary>Performance events of a piece, pedal applied.</summary>
    public static IEncodingCodec<short[]> PianoEvents { get; } = new PianoEventsCodec();

    /// <summary>
    /// Prepared notes of a piece, pedal applied: what <see cref="PianoRoll.Render(IReadOnlyList{TimedNote}, double)"/>
    /// renders.
    /// </summary>
    public static IEncodingCodec<TimedNote[]> PianoNotes { get; } = new PianoNotesCodec();

    private sealed class GrooveGridCodec : IEncodingCodec<GrooveGrid>
    {
        public string Key => $"groove-grid/v2/drum-channel=10/steps-per-quarter={Groove.GrooveGrid.StepsPerQuarter}";

        public GrooveGrid Encode(MidiSong song) => GrooveEncoder.Encode(song);

        public void Write(BinaryWriter writer, GrooveGrid grid)
        {
            writer.Write(grid.Steps);
            writer.Write(grid.MicrosecondsPerQuarter);
            writer.Write(grid.MappedNotes);
            writer.Write(grid.MergedNotes);
            writer.Write(grid.OffDrumChannelNotes);
            writer.Write(grid.Bars.Count);
            foreach (var bar in grid.Bars)
            {
                writer.Write(bar.StartStep);
                writer.Write(bar.Steps);
                writer.Write(bar.Meter.Tick);
                writer.Write(bar.Meter.Numerator);
                writer.Write(bar.Meter.Denominator);
            }
            foreach (int count in grid.DroppedByPitch) writer.Write(count);
            writer.Write(MemoryMarshal.AsBytes(grid.Values.AsSpan()));
        }

        public GrooveGrid Read(BinaryReader reader)
        {
            int steps = Count(reader, Groove.GrooveGrid.Channels * sizeof(float)), micros = reader.ReadInt32(),
                mapped = reader.ReadInt32(), merged = reader.ReadInt32(), offDrumChannel = reader.ReadInt32();
            var bars = new GrooveBar[Count(reader, 20)];
            for (int i = 0; i < bars.Length; i++)
                bars[i] = new GrooveBar(reader.ReadInt32(), reader.ReadInt32(),
                    new TimeSignature(reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32()));
            var dropped = new int[128];
            for (int p = 0; p < dropped.Length; p++) dropped[p] = reader.ReadInt32();
            var values = new float[Groove.GrooveGrid.Channels * steps];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return new GrooveGrid(values, steps, bars, micros, dropped, mapped, merged, offDrumChannel);
        }
    }

    private sealed class PianoEventsCodec : IEncodingCodec<short[]>
    {
        public string Key
            => $"piano-events/v2/zero-step-notes=kept/steps={PerformanceEvents.StepsPerSecond}"
                + $"/bins={PerformanceEvents.VelocityBins}/shift={PerformanceEvents.MaxShiftSteps}/sustain=on";

        public short[] Encode(MidiSong song) => PerformanceEvents.Encode(PerformanceNotes.FromSong(song));

        public void Write(BinaryWriter writer, short[] events)
        {
            writer.Write(events.Length);
            writer.Write(MemoryMarshal.AsBytes(events.AsSpan()));
        }

        public short[] Read(BinaryReader reader)
        {
            var events = new short[Count(reader, sizeof(short))];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(events.AsSpan()));
            return events;
        }
    }

    private sealed class PianoNotesCodec : IEncodingCodec<TimedNote[]>
    {
        public string Key => "piano-notes/v1/sustain=on";

        public TimedNote[] Encode(MidiSong song) => PerformanceNotes.FromSong(song);

        public void Write(BinaryWriter writer, TimedNote[] notes)
        {
            writer.Write(notes.Length);
            foreach (var note in notes)
            {
                writer.Write((byte)note.Pitch);
                writer.Write((byte)note.Velocity);
                writer.Write(note.Start);
                writer.Write(note.End);
            }
        }

        public TimedNote[] Read(BinaryReader reader)
        {
            var notes = new TimedNote[Count(reader, 18)];
            for (int i = 0; i < notes.Length; i++)
                notes[i] = new TimedNote(reader.ReadByte(), reader.ReadByte(), reader.ReadDouble(),
                    reader.ReadDouble());
            return notes;
        }
    }

    /// <summary>
    /// A count of items of <paramref name="itemBytes"/> each that must fit in what is left of the entry.
    /// </summary>
    private static int Count(BinaryReader reader, int itemBytes)
    {
        int count = reader.ReadInt32();
        long left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || (long)count * itemBytes > left)
            throw new InvalidDataException($"cache entry declares {count} items but has {left} bytes left");
        return count;
    }
}
