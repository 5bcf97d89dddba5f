using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Applications.Windows;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Data;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `simplify --keep-atoms N` codes every frame again over the kept atoms by each encoder: the code uses only them, a
/// frame that had notes gets one of them (where zeroing the dropped atoms' entries, the old definition, left it
/// silent), the command writes what `denoise --keep-atoms N` writes, and the windowed result is the whole piece's.
/// </summary>
[NonParallelizable]
public sealed class SimplificationTests
{
    private string _folder = null!, _sequence = null!;
    private CpuBackend _backend = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        _folder = TestModels.OutputFolder();
        _sequence = TestModels.SyntheticSequence(Path.Combine(_folder, "sequence.mid"), [0, 1, 2, 3, 4, 5, 2, 0]);
        _backend = new CpuBackend();
    }

    [OneTimeTearDown]
    public void Clean()
    {
        _backend.Dispose();
        Directory.Delete(_folder, true);
    }

    [TestCase(CodeEncoder.Wta)]
    [TestCase(CodeEncoder.Omp)]
    [TestCase(CodeEncoder.Gain)]
    public void AFrameWhoseAtomWasDroppedGetsAKeptAtomThatCoversIt(CodeEncoder encoder)
    {
        // atoms: rock, four on the floor, rock with a crash on 1, unit-norm and tied to the encoder; the piece plays
        // rock 3 times, four on the floor 3 times, then rock with a crash once, so the kept two are atoms 0 and 1
        var (rock, four) = (Template(0), Template(1));
        var crashed = (float[])rock.Clone();
        crashed[Crash * Steps] = 1;
        crashed[(DrumMapping.ClassCount + Crash) * Steps] = 0.9f;
        var dictionary = new[] { rock, four, crashed }.SelectMany(UnitNorm).ToArray();
        string model = TestModels.SaveGiven(Path.Combine(_folder, $"tied-{encoder}.safetensors"), dictionary,
            dictionary, k: 1);
        string input = WriteBars(Path.Combine(_folder, $"crash-{encoder}.mid"), rock, rock, rock, four, four, four,
            crashed);
        using var trained = TrainedModel.Load(model, _backend);
        var piece = PieceReader.Read(trained, input);
        var full = trained.Encode(piece, encoder);
        var kept = full.TopAtoms(2).Select(a => a.Atom).ToHashSet();
        Assert.That(kept, Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(full[2, 6], Is.Not.Zero, "the crashed bar's own atom codes it");
        Assert.That(SilentFramesWithNotes(trained, piece, Zeroed(full, kept)), Is.EqualTo(new[] { 6 }),
            "zeroing the dropped atom's entries silences that bar");

        var result = Simplification.Simplify(trained, new DenseSignalWindows(piece), kept, encoder);
        var code = trained.Encode(piece, encoder, trained.Model.TopK, kept);

        Assert.That(result.Code.UsedAtoms(), Is.SubsetOf(kept), "only kept atoms");
        Assert.That(code[0, 6], Is.Not.Zero, "the crashed bar is coded by rock");
        Assert.That(SilentFramesWithNotes(trained, piece, code), Is.Empty, "every bar with notes sounds");
        var rockNotes = result.InputNotes.Count(n => n.Start < 2);
        Assert.That(result.Output.Notes().Count(n => n.Start >= 12), Is.EqualTo(rockNotes),
            "the crashed bar plays rock");
        Assert.That(result.Match().Recall, Is.EqualTo((result.InputNotes.Count - 1.0) / result.InputNotes.Count),
            "only the crash is missed");
    }

    [TestCase("wta", "2")]
    [TestCase("omp", "2")]
    [TestCase("wta", "4")]
    [TestCase("omp", "4")]
    [TestCase("gain", "2")]
    public void SimplifyWritesWhatDenoiseKeepAtomsWrites(string encoder, string keep)
    {
        string model = encoder == "gain" ? TestModels.Synthetic : TestModels.Orthonormal;
        string simplified = Path.Combine(_folder, $"simplified-{encoder}-{keep}.mid");
        string denoised = Path.Combine(_folder, $"denoised-{encoder}-{keep}.mid");
        string simplifyOut = CliRunner.Succeed("simplify", "--input", _sequence, "--keep-atoms", keep, "--encoder",
            encoder, "--out", simplified, "--model", model, "--device", "cpu");
        string denoiseOut = CliRunner.Succeed("denoise", "--input", _sequence, "--keep-atoms", keep, "--encoder",
            encoder, "--out", denoised, "--model", model, "--device", "cpu");

        Assert.That(File.ReadAllBytes(simplified), Is.EqualTo(File.ReadAllBytes(denoised)));
        Assert.That(Line(simplifyOut, "simplified vs input: ")["simplified vs input: ".Length..],
            Is.EqualTo(Line(denoiseOut, "denoised vs input: ")["denoised vs input: ".Length..]));
        const string velocity = "velocity MAE of the notes found (MIDI velocity / 127): ";
        bool noneFound = Line(simplifyOut, "simplified vs input: ").StartsWith("simplified vs input: F1 0.000 ");
        Assert.That(Line(simplifyOut, velocity),
            Does.Match(noneFound ? @": none \(no note found\)$" : @"^.*: [01]\.\d{3}$"),
            "a number only for notes found");
        Assert.That(Line(simplifyOut, velocity), Is.EqualTo(Line(denoiseOut, velocity)));
    }

    [TestCaseSource(typeof(WindowTestPieces), nameof(WindowTestPieces.KindsTcnsAndEncoders))]
    public void SimplifyInWindowsGivesTheWholePieceResult(RepresentationKind kind, int[] tcn, CodeEncoder encoder)
    {
        var representation = MusicRepresentations.Create(new RepresentationSettings(kind));
        using var trained = WindowTestPieces.Model(_backend, representation, tcn);
        var song = WindowTestPieces.Song(kind);
        var piece = representation.Encode(song);
        var kept = trained.Encode(piece, encoder).TopAtoms(4).Select(a => a.Atom).ToHashSet();
        var code = trained.Encode(piece, encoder, trained.Model.TopK, kept);
        var signal = trained.Decode(code, piece.Length);

        var plan = WindowPlan.For(trained.Model.Config, frames: 3);
        var windowed = Simplification.Simplify(trained, representation.Windows(song), kept, encoder, plan);

        Assert.That(plan.Over(piece.Length).Count(), Is.GreaterThan(3), "the piece spans several windows");
        Assert.That(CodeEditing.UsedAtoms(code), Is.SubsetOf(kept).And.Not.Empty);
        Assert.That(windowed.Code.Usage(), Is.EqualTo(code.Usage()), "the code's usage, summed in the same order");
        Assert.That(windowed.Output.Song("x").Notes,
            Is.EqualTo(representation.ToSong(signal, piece.Length, piece.Bpm, piece.Meter, "x").Notes));
    }

    private const int Crash = 7, Steps = SyntheticDrums.Steps;

    private static float[] Template(int pattern) => SyntheticDrums.Template(SyntheticDrums.Patterns[pattern]);

    private static float[] UnitNorm(float[] atom)
    {
        float norm = MathF.Sqrt(atom.Sum(x => x * x));
        return [.. atom.Select(x => x / norm)];
    }

    // one-bar grids [27, 16] in order, written as a drum MIDI file at 120 bpm (a bar lasts 2 s)
    private static string WriteBars(string path, params float[][] bars)
    {
        int steps = Steps * bars.Length;
        var grid = new float[SyntheticDrums.Channels * steps];
        for (int b = 0; b < bars.Length; b++)
            for (int c = 0; c < SyntheticDrums.Channels; c++)
                Array.Copy(bars[b], c * Steps, grid, c * steps + b * Steps, Steps);
        MidiOutput.Write(GrooveDecoder.ToSong(grid, steps), path);
        return path;
    }

    // the old simplify: the code with every atom outside the kept ones zeroed
    private static SparseCode Zeroed(SparseCode code, IReadOnlySet<int> kept)
    {
        var values = new float[code.Values.Length];
        foreach (int n in kept) Array.Copy(code.Values, n * code.Columns, values, n * code.Columns, code.Columns);
        return code with { Values = values };
    }

    // frames (code columns) whose input has a hit and whose decoded code has none
    private static List<int> SilentFramesWithNotes(TrainedModel trained, EncodedPiece piece, SparseCode code)
    {
        var output = trained.Decode(code, piece.Length);
        int frame = trained.Model.Config.FrameLength;
        bool Hits(float[] grid, int column) => Enumerable.Range(0, DrumMapping.ClassCount).Any(c =>
            Enumerable.Range(column * frame, Math.Min(frame, piece.Length - column * frame))
                .Any(t => grid[c * piece.Length + t] > 0.5f));
        return [.. Enumerable.Range(0, code.Columns).Where(l => Hits(piece.Signal, l) && !Hits(output, l))];
    }

    private static string Line(string output, string start)
        => output.Split('\n').Single(line => line.StartsWith(start, StringComparison.Ordinal)).TrimEnd();
}
