using System.Buffers.Binary;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// Thousands of random mutations of real files: reading and encoding either work or fail with the clear error.
/// </summary>
public class MidiFuzzTests
{
    private const int MutationsPerFile = 1200;

    [Test]
    public void MutatedRealFilesOnlyEverGiveTheClearError()
    {
        string groove = TestData.GrooveDir(), maestro = TestData.MaestroDir();
        // the two smallest Groove files and the smallest MAESTRO file
        var seeds = Directory.EnumerateFiles(groove, "*.mid", SearchOption.AllDirectories)
            .OrderBy(f => new FileInfo(f).Length).Take(2)
            .Append(Directory.EnumerateFiles(maestro, "*.midi", SearchOption.AllDirectories)
                .OrderBy(f => new FileInfo(f).Length).First())
            .ToArray();
        var random = new Random(20260424);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        foreach (string seed in seeds)
        {
            byte[] original = System.IO.File.ReadAllBytes(seed);
            for (int m = 0; m < MutationsPerFile; m++)
            {
                var (kind, bytes) = Mutate(original, random);
                string name = $"{Path.GetFileName(seed)} ({kind} #{m})";
                string outcome;
                try
                {
                    var song = MidiReader.Parse(bytes, name);
                    Encode(song);
                    outcome = "read and encoded";
                }
                catch (MidiFormatException e)
                {
                    MidiBadInputTests.AssertClear(e, name);
                    outcome = "error: " + Category(e.Problem);
                }
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                total++;
            }
        }
        TestContext.Out.WriteLine(
            $"{total} mutations of {seeds.Length} files ({string.Join(", ", seeds.Select(Path.GetFileName))}):");
        foreach (var (outcome, count) in outcomes) TestContext.Out.WriteLine($"  {count,5}  {outcome}");
        Assert.That(outcomes.Keys, Has.Some.StartsWith("error:"));
    }

    private static void Encode(MidiSong song)
    {
        bool drums = song.Notes.Any(n => DrumMapping.ClassOf(n.Pitch) >= 0);
        if (drums) GrooveEncoder.Encode(song);
        var notes = PerformanceNotes.FromSong(song);
        PerformanceEvents.Decode(PerformanceEvents.Encode(notes));
        PianoRoll.Render(notes, 0, Math.Min(PianoRoll.FrameCount(notes), 1000));
    }

    private static (string Kind, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        switch (random.Next(5))
        {
            case 0:
                for (int i = random.Next(1, 5); i > 0; i--)
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                return ("bit flips", [.. bytes]);
            case 1:
                for (int i = random.Next(1, 9); i > 0; i--) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                return ("random bytes", [.. bytes]);
            case 2:
                return ("truncation", original[..random.Next(original.Length)]);
            case 3:
                bytes.InsertRange(random.Next(bytes.Count),
                    Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)));
                return ("insertion", [.. bytes]);
            default:
                var copy = (byte[])original.Clone();
                int[] lengthFields = [.. ChunkLengthOffsets(original)];
                int at = lengthFields[random.Next(lengthFields.Length)];
                uint length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(at));
                uint corrupted = random.Next(3) switch { 0 => (uint)random.NextInt64(uint.MaxValue),
                    1 => length + (uint)random.Next(1, 64), _ => length - (uint)random.Next(1, 64) };
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), corrupted);
                return ("chunk length", copy);
        }
    }

    /// <summary>Where the header's and each chunk's 4-byte length field is.</summary>
    private static IEnumerable<int> ChunkLengthOffsets(byte[] file)
    {
        for (int at = 0; at + 8 <= file.Length; at += 8
            + (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 4)))
            yield return at + 4;
    }

    /// <summary>The problem without its numbers, so outcomes group into kinds.</summary>
    private static string Category(string problem)
        => System.Text.RegularExpressions.Regex.Replace(problem,
            @"0x[0-9A-F]{2}( 0x[0-9A-F]{2})*|\d+(\.\d+)?|""[^""]*""", "N").Split(':', 2) switch
        {
            [var track, var rest] when track.StartsWith("track") => rest.Trim(),
            var parts => string.Join(':', parts),
        };
}
