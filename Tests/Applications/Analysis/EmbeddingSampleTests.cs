using System.Diagnostics;
using System.Reflection.PortableExecutable;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications.Analysis;

/// <summary>
/// samples/EmbeddingSample, the README's embedding program, built with the dotnet CLI and run as a child process
/// on a checkpoint and a MIDI file made here: it prints the same top atoms as the library in-process, the README
/// shows exactly its code, and its build output holds managed assemblies only (the CPU path loads no native library).
/// </summary>
[NonParallelizable]
public class EmbeddingSampleTests
{
    private const string ReadmeFence = "```csharp";

    [Test]
    public void TheReadmeProgramBuildsRunsAndPrintsTheTopAtoms()
    {
        string root = RepositoryFolder.Root(), dir = TestData.TempDir();
        try
        {
            string model = Path.Combine(dir, "model.safetensors"), midi = Path.Combine(dir, "beat.mid"),
                output = Path.Combine(dir, "bin");
            TestModels.Save(model, TestModels.GrooveBars([]), atoms: 6, k: 2, epochs: 0, seed: 3);
            MidiOutput.Write(Beat(), midi);

            Run(root, "dotnet", "build", Path.Combine(root, "samples", "EmbeddingSample", "EmbeddingSample.csproj"),
                "-c", "Release", "-o", output, "-nologo", "-v", "q");
            string printed = Run(root, "dotnet", Path.Combine(output, "TcnWtaNative.EmbeddingSample.dll"), model, midi);

            var expected = ExpectedTopAtoms(model, midi);
            Assert.That(expected, Is.Not.Empty);
            Assert.That(printed, Does.Contain($"{midi}: 2 frames of 6 atoms; top atoms:"));
            foreach (var (atom, usage) in expected)
                Assert.That(printed, Does.Contain($"  atom {atom,4}  usage {usage:F3}"));
            AssertManagedOnly(output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void TheReadmeShowsTheSampleProgramInUnderTwentyLines()
    {
        string root = RepositoryFolder.Root();
        var program = File.ReadAllText(Path.Combine(root, "samples", "EmbeddingSample", "Program.cs")).Trim();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));

        Assert.That(program.Split('\n'), Has.Length.LessThan(20));
        Assert.That(readme, Does.Contain($"{ReadmeFence}\n{program}\n```"),
            "README.md must show samples/EmbeddingSample/Program.cs verbatim");
    }

    // two bars of kick and snare at 120 bpm: 32 steps, two one-bar frames
    private static MidiSong Beat()
    {
        var notes = Enumerable.Range(0, 8)
            .Select(beat => new MidiNote(9, beat % 2 == 0 ? 36 : 38, 100, beat * 480L, beat * 480L + 60)).ToList();
        return new MidiSong("beat", 0, 1, new TempoMap(480, []), [TimeSignature.Default], notes, [], 8 * 480);
    }

    private static IReadOnlyList<(int Atom, float Usage)> ExpectedTopAtoms(string modelPath, string midiPath)
    {
        using var backend = ComputeDevices.Create("cpu");
        var checkpoint = ModelCheckpoint.Load(modelPath, backend);
        using var model = checkpoint.Model;
        var piece = MusicRepresentations.FromMetadata(checkpoint.Metadata, modelPath).Encode(MidiReader.Read(midiPath));
        return model.Encode(piece.Signal, piece.Length).TopAtoms(5);
    }

    private static void AssertManagedOnly(string output)
    {
        Assert.That(Directory.Exists(Path.Combine(output, "runtimes")), Is.False,
            "no runtime-specific (native) assets");
        foreach (string file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            Assert.That(Path.GetExtension(file), Is.Not.AnyOf(".so", ".dylib"), file);
            if (Path.GetExtension(file) != ".dll") continue;
            using var reader = new PEReader(File.OpenRead(file));
            Assert.That(reader.HasMetadata, Is.True, $"{Path.GetFileName(file)} is not a managed assembly");
        }
    }

    private static string Run(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true,
            RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0),
            $"{fileName} {string.Join(' ', arguments)}\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
