using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications.Windows;

/// <summary>
/// `tcnwta drums` of eight times the bars as a child process, with a drum model of many one-beat atoms (2,000 of
/// K = 4, k = 1, each a single hit, so a bar plays four notes): its peak resident memory grows with the notes it
/// writes, not with the bars, since the section's code is kept as its non-zeros and decoded a window at a time. From
/// 1,000 to 8,000 bars the peak may grow by at most a fifth of what the dense code [N, bars × 4] alone took on the
/// whole-section path. (Below 1,000 bars the peak still climbs by some 15 MB as the garbage collector's budgets grow.)
/// </summary>
[NonParallelizable]
public class DrumsMemoryTests
{
    private const int Atoms = 2000, FrameLength = 4, FewBars = 1000, ManyBars = 8000;

    [Test]
    public void GeneratingEightTimesTheBarsKeepsThePeakMemoryFarBelowTheDenseCode()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("reads the child's peak memory from /proc (Linux only)");
        string folder = TestData.TempDir();
        try
        {
            string model = SaveGrooveModel(Path.Combine(folder, "drums.safetensors"));
            var (fewNotes, fewPeak) = Generate(model, bars: FewBars, Path.Combine(folder, "few.mid"));
            var (manyNotes, manyPeak) = Generate(model, bars: ManyBars, Path.Combine(folder, "many.mid"));

            int stepsPerBar = GrooveBar.StepsPerBar(TimeSignature.Default);
            long denseCode = (long)Atoms * (ManyBars - FewBars) * stepsPerBar / FrameLength * sizeof(float);
            TestContext.Out.WriteLine($"peak {fewPeak >> 20} MB for {FewBars} bars ({fewNotes} notes), "
                + $"{manyPeak >> 20} MB for {ManyBars} bars ({manyNotes} notes); the dense code would add "
                + $"{denseCode >> 20} MB");
            Assert.That(manyNotes, Is.GreaterThan(fewNotes), "the drums play throughout");
            Assert.That(manyPeak - fewPeak, Is.LessThan(denseCode / 5),
                $"peak {fewPeak >> 20} MB, then {manyPeak >> 20} MB");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // the drums of one section of `bars` bars, atoms sampled uniformly, at 150 bpm (8,000 bars in 3.6 hours, under
    // the 4 a MIDI file may last): (notes written, peak resident bytes)
    private static (int Notes, long PeakBytes) Generate(string model, int bars, string output)
    {
        using var child = CliProcess.StartMeasuringMemory("drums", "--model", model, "--structure", "A",
            "--bars", bars.ToString(CultureInfo.InvariantCulture), "--tempo", "150", "--out", output,
            "--device", "cpu");
        long peak = child.PeakResidentBytesUntilExit();
        var (exit, stdout, stderr) = child.Finish();
        Assert.That(exit, Is.EqualTo(0), stderr);
        return (int.Parse(Regex.Match(stdout, @"(\d+) notes").Groups[1].Value, CultureInfo.InvariantCulture), peak);
    }

    private static string SaveGrooveModel(string path)
    {
        var config = new AutoencoderConfig
        {
            InputChannels = GrooveGrid.Channels, Atoms = Atoms, FrameLength = FrameLength,
            Sparsity = SparsityKind.ChannelTopK, TopK = 1,
        };
        using var backend = new CpuBackend();
        using var model = new Autoencoder(config, backend, seed: 3);
        // atoms [N, 27, K]: atom n hits drum n mod 9 on step n / 9 mod K at velocity 0.8, and is silent elsewhere
        var atoms = new float[Atoms * GrooveGrid.Channels * FrameLength];
        for (int n = 0; n < Atoms; n++)
        {
            int drum = n % DrumMapping.ClassCount, step = n / DrumMapping.ClassCount % FrameLength;
            atoms[(n * GrooveGrid.Channels + drum) * FrameLength + step] = 1;
            atoms[(n * GrooveGrid.Channels + GrooveGrid.VelocityChannel + drum) * FrameLength + step] = 0.8f;
        }
        backend.Upload(atoms, model.Atoms.Value);
        ModelCheckpoint.Save(path, model, extraMetadata: new Dictionary<string, string>
        {
            [RepresentationSettings.MetadataKey] = new RepresentationSettings(RepresentationKind.Groove).ToJson(),
        });
        return path;
    }
}
