using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// `tcnwta reconstruct` of a long piano piece (events, a TCN model like maestro-paper's, smaller) as a child process:
/// its peak resident memory grows with the notes, not with the dense signal, which the windows never build. With
/// four times the notes the peak may grow by at most a fifth of what the whole-piece path's dense input and output
/// alone would add (388 floats a step, twice). Likewise `tcnwta interpolate` with a hundred times the steps: its peak
/// stays far below what holding every step's decoded signal would add, and `tcnwta evaluate` of four times the pieces
/// stays far below what holding every scored piece's one-hot signal would add.
/// </summary>
[NonParallelizable]
public class LongPieceMemoryTests
{
    [Test]
    public void ReconstructingFourTimesTheNotesKeepsThePeakMemoryFarBelowLinear()
        => InFolderWithModel((folder, model) =>
    {
        var (shortSteps, shortPeak) = Reconstruct(model, WritePiece(folder, "short.mid", notes: 20_000));
        var (longSteps, longPeak) = Reconstruct(model, WritePiece(folder, "long.mid", notes: 80_000));

        long denseGrowth = 2L * PerformanceEvents.EventCount * sizeof(float) * (longSteps - shortSteps);
        TestContext.Out.WriteLine(
            $"peak {shortPeak >> 20} MB for {shortSteps} steps, {longPeak >> 20} MB for {longSteps} steps; dense "
            + $"growth {denseGrowth >> 20} MB");
        Assert.That(longPeak - shortPeak, Is.LessThan(denseGrowth / 5),
            $"peak {shortPeak >> 20} MB, then {longPeak >> 20} MB");
    });

    [Test]
    public void InterpolatingAHundredTimesTheStepsKeepsThePeakMemoryFlat() => InFolderWithModel((folder, model) =>
    {
        string a = WritePiece(folder, "a.mid", notes: 400), b = WritePiece(folder, "b.mid", notes: 480);
        long fewPeak = Interpolate(model, a, b, steps: 4, Path.Combine(folder, "few"));
        long manyPeak = Interpolate(model, a, b, steps: 400, Path.Combine(folder, "many"));

        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Events));
        int length = Math.Min(representation.Encode(MidiReader.Read(a)).Length,
            representation.Encode(MidiReader.Read(b)).Length);
        long heldSignals = (400L - 4) * PerformanceEvents.EventCount * sizeof(float) * length;
        TestContext.Out.WriteLine(
            $"peak {fewPeak >> 20} MB for 4 steps, {manyPeak >> 20} MB for 400; held signals {heldSignals >> 20} MB");
        Assert.That(Directory.GetFiles(Path.Combine(folder, "many"), "*.mid"), Has.Length.EqualTo(401));
        Assert.That(manyPeak - fewPeak, Is.LessThan(heldSignals / 5),
            $"peak {fewPeak >> 20} MB, then {manyPeak >> 20} MB");
    });

    [Test]
    public void EvaluatingFourTimesThePiecesKeepsThePeakMemoryFarBelowLinear() => InFolderWithModel((folder, model) =>
    {
        string piece = WritePiece(folder, "piece.mid", notes: 16_000);
        WriteMaestroIndex(folder, "piece.mid", pieces: 8);
        long fewPeak = Evaluate(model, folder, pieces: 2);
        long manyPeak = Evaluate(model, folder, pieces: 8);

        var representation = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Events));
        int length = representation.Encode(MidiReader.Read(piece)).Length;
        long heldSignals = (8L - 2) * PerformanceEvents.EventCount * sizeof(float) * length;
        TestContext.Out.WriteLine(
            $"peak {fewPeak >> 20} MB for 2 pieces, {manyPeak >> 20} MB for 8; held one-hot "
            + $"signals {heldSignals >> 20} MB");
        Assert.That(manyPeak - fewPeak, Is.LessThan(heldSignals / 5),
            $"peak {fewPeak >> 20} MB, then {manyPeak >> 20} MB");
    });

    // runs test(folder, model) in a fresh folder holding the events model, removed afterwards (Linux only: /proc)
    private static void InFolderWithModel(Action<string, string> test)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("reads the child's peak memory from /proc (Linux only)");
        string folder = TestData.TempDir();
        try { test(folder, SaveEventsModel(Path.Combine(folder, "events.safetensors"))); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static long Interpolate(string model, string a, string b, int steps, string output)
    {
        using var child = CliProcess.StartMeasuringMemory("interpolate", "--model", model, "--a", a, "--b",
            b, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--out", output, "--device", "cpu");
        long peak = child.PeakResidentBytesUntilExit();
        var (exit, _, stderr) = child.Finish();
        Assert.That(exit, Is.EqualTo(0), stderr);
        return peak;
    }

    private static long Evaluate(string model, string maestro, int pieces)
    {
        using var child = CliProcess.StartMeasuringMemory("evaluate", "--model", model, "--data", maestro,
            "--split", "test", "--max-pieces", pieces.ToString(CultureInfo.InvariantCulture), "--json", "--device",
            "cpu");
        long peak = child.PeakResidentBytesUntilExit();
        var (exit, stdout, stderr) = child.Finish();
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain($"\"pieces\":{pieces}"));
        return peak;
    }

    // a MAESTRO csv whose test split is pieces copies of one file (an index lists each file once)
    private static void WriteMaestroIndex(string folder, string midi, int pieces)
    {
        for (int i = 0; i < pieces; i++)
            File.Copy(Path.Combine(folder, midi), Path.Combine(folder, $"copy{i}-{midi}"), overwrite: true);
        File.WriteAllLines(Path.Combine(folder, MaestroIndex.CsvFileName),
            ["canonical_composer,canonical_title,split,year,midi_filename,audio_filename,duration",
             .. Enumerable.Range(0, pieces).Select(i => $"Someone,Piece {i},test,2018,copy{i}-{midi},x.wav,60")]);
    }

    private static (int Steps, long PeakBytes) Reconstruct(string model, string piece)
    {
        using var child = CliProcess.StartMeasuringMemory("reconstruct", "--model", model, "--input", piece,
            "--out", piece + ".out.mid", "--device", "cpu");
        long peak = child.PeakResidentBytesUntilExit();
        var (exit, stdout, stderr) = child.Finish();
        Assert.That(exit, Is.EqualTo(0), stderr);
        return (int.Parse(Regex.Match(stdout, @"(\d+) steps").Groups[1].Value, CultureInfo.InvariantCulture), peak);
    }

    // a piano piece of chords: four notes every 50 ms
    private static string WritePiece(string folder, string name, int notes)
        => ChordPieces.Write(folder, name, notes, 0.05);

    private static string SaveEventsModel(string path)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = PerformanceEvents.EventCount, Atoms = 100, FrameLength = 32, TcnWidths = [16, 16],
            TcnKernel = 3, Sparsity = SparsityKind.ChannelTopK, TopK = 8,
        };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 3);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Events).ToJson(),
        });
        return path;
    }
}
