using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// `tcnwta reconstruct` of a generated 2,000,000-note piano file (3.5 hours of four-note chords) as a child process:
/// its peak resident memory stays under the bound the README states, the model plus
/// <see cref="BytesPerNote"/> a note plus <see cref="FixedBytes"/> for the runtime and a few windows, and the
/// reconstruction is written as a valid MIDI file. The model is a piano roll at 25 frames per second whose atoms are
/// the roll's 176 channels (frames of one step, encoder tied to them, every atom kept): cheap to run and exact, so the
/// output holds exactly the notes the roll reads from the input.
/// </summary>
[NonParallelizable]
public class TwoMillionNoteMemoryTests
{
    /// <summary>The bound's share of each note of the input.</summary>
    public const long BytesPerNote = 1024;

    /// <summary>The bound's fixed share: the .NET runtime, the command and a few windows.</summary>
    public const long FixedBytes = 128L << 20;

    private const int Notes = 2_000_000;
    private const double FramesPerSecond = 25;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [Test]
    public void ReconstructingTwoMillionNotesStaysUnderTheStatedBoundAndWritesTheirMidi()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("reads the child's peak memory from /proc (Linux only)");
        string folder = TestData.TempDir();
        try
        {
            string model = SaveIdentityRollModel(Path.Combine(folder, "roll.safetensors"));
            string input = ChordPieces.Write(folder, "long.mid", Notes, secondsApart: 0.025);
            string output = Path.Combine(folder, "long.out.mid");
            using var child = CliProcess.StartMeasuringMemory(Patience, "reconstruct", "--model", model, "--input",
                input, "--out", output, "--device", "cpu");
            long peak = child.PeakResidentBytesUntilExit();
            var (exit, stdout, stderr) = child.Finish();
            Assert.That(exit, Is.EqualTo(0), stderr);

            long bound = new FileInfo(model).Length + BytesPerNote * Notes + FixedBytes;
            TestContext.Out.WriteLine($"peak {peak >> 20} MB, bound {bound >> 20} MB\n{stdout}");
            Assert.That(peak, Is.LessThan(bound), $"peak {peak >> 20} MB");
            var match = Regex.Match(stdout, @"notes F1 (\S+) .*; (\d+) reference notes, (\d+) estimated");
            Assert.That(match.Success, stdout);
            int written = MidiReader.Read(output).Notes.Count;
            Assert.That(written, Is.EqualTo(int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)));
            Assert.That(written, Is.InRange(Notes / 4, Notes), "the 25 fps roll merges re-struck keys within a frame");
            Assert.That(match.Groups[1].Value, Is.EqualTo("1.000"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // a piano roll model whose atoms [176, 1] are the roll's channels, its encoder tied to them, k = every atom
    private static string SaveIdentityRollModel(string path)
    {
        int channels = PianoRoll.Channels;
        var config = new AutoencoderConfig
        {
            InputChannels = channels, Atoms = channels, FrameLength = 1, TopK = channels,
        };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 1);
        var identity = new float[channels * channels];
        for (int c = 0; c < channels; c++) identity[c * channels + c] = 1;
        backend.Upload(identity, model.Atoms.Value);
        backend.Upload(identity, model.EncoderWeight.Value);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] =
                new RepresentationSettings(RepresentationKind.Pianoroll, FramesPerSecond).ToJson(),
        });
        return path;
    }
}
