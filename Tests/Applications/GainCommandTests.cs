using TcnWtaNative.Engine;
using TcnWtaNative.Kernels;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Groove;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation.RateDistortion;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `--encoder gain` in the applications: the windowed gain code of a piece is the rate-distortion study's
/// <see cref="GainSearchCoder"/> choice frame by frame, a restricted search never leaves its atoms (denoise, simplify),
/// and where the search does not apply (a piano model, a hits-loss model, k other than 1) the error says so; the same
/// refusals for `--encoder union` (a piano or hits-loss model).
/// </summary>
[NonParallelizable]
public sealed class GainCommandTests
{
    private string _folder = null!, _sequence = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        _folder = TestModels.OutputFolder();
        _sequence = TestModels.SyntheticSequence(Path.Combine(_folder, "sequence.mid"), [0, 1, 2, 3, 4, 5, 2, 0]);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private string Out(string name) => Path.Combine(_folder, name);

    private static string[] On(string model, params string[] args) => [.. args, "--model", model, "--device", "cpu"];

    [Test]
    public void TheWindowedGainCodeIsTheStudysGainSearchFrameByFrame()
    {
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);
        var piece = PieceReader.Read(trained, _sequence);
        var config = trained.Model.Config;
        var windows = WindowedCoding.Code(new DenseSignalWindows(piece), WindowPlan.For(config, frames: 3),
            p => trained.Encode(p, CodeEncoder.Gain)).ToList();
        int columns = windows.Sum(w => w.Code.Columns);

        using var study = GainSearchCoder.ForModel(trained.Model, GrooveGrid.StepsPerWholeNote);
        var frames = BarSegments.Cut(piece.Signal, 1, piece.Channels, piece.Length, config.FrameLength);
        var (atoms, gains) = study.Choose(frames, columns);
        Assert.That(windows, Has.Count.GreaterThan(1), "the piece is coded in several windows");
        Assert.That(atoms, Has.Some.GreaterThanOrEqualTo(0), "the search lights something");
        int column = 0;
        foreach (var coded in windows)
            for (int l = 0; l < coded.Code.Columns; l++, column++)
                for (int n = 0; n < config.Atoms; n++)
                    Assert.That(coded.Code[n, l], Is.EqualTo(n == atoms[column] ? gains[column] : 0f),
                        $"column {column}, atom {n}");

        var decoded = BarSegments.Paste(study.Reconstruct(frames, columns, 1), 1, piece.Channels, piece.Length,
            config.FrameLength);
        var gainCode = trained.Encode(piece, CodeEncoder.Gain);
        Assert.That(trained.Decode(gainCode, piece.Length, CodeEncoder.Gain), Is.EqualTo(decoded).Within(1e-5f),
            "the gain code's decoding turns it into the study's reconstruction");
    }

    [Test]
    public void ARestrictedSearchUsesOnlyTheKeptAtomsAndKeepingTheUsedOnesChangesNothing()
    {
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);
        var piece = PieceReader.Read(trained, _sequence);
        var full = trained.Encode(piece, CodeEncoder.Gain);
        var used = CodeEditing.UsedAtoms(full);
        Assert.That(used, Has.Count.GreaterThan(2));

        Assert.That(trained.Encode(piece, CodeEncoder.Gain, 1, used).Values, Is.EqualTo(full.Values),
            "each frame's best atom is among the used ones");
        var kept = used.Order().Skip(1).ToHashSet();
        var restricted = trained.Encode(piece, CodeEncoder.Gain, 1, kept);
        Assert.That(CodeEditing.UsedAtoms(restricted), Is.SubsetOf(kept));
        Assert.That(restricted.Values, Is.Not.EqualTo(full.Values), "the dropped atom's frames are coded otherwise");
        for (int l = 0; l < restricted.Columns; l++)
            Assert.That(Enumerable.Range(0, restricted.Atoms).Count(n => restricted[n, l] != 0), Is.AtMost(1),
                $"column {l}");
    }

    [Test]
    public void DenoiseAndSimplifyWithGainSearchOverTheKeptAtoms()
    {
        string denoised = CliRunner.Succeed(On(TestModels.Synthetic, "denoise", "--input", _sequence,
            "--encoder", "gain", "--k", "1", "--atom-list", "1,4", "--out", Out("denoised.mid")));
        string simplified = CliRunner.Succeed(On(TestModels.Synthetic, "simplify", "--input", _sequence,
            "--encoder", "gain", "--keep-atoms", "2", "--out", Out("simplified.mid")));

        Assert.That(denoised, Does.Contain("k = 1 (gain), atoms: 1, 4;"));
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Synthetic, backend);
        var piece = new DenseSignalWindows(PieceReader.Read(trained, _sequence));
        var plan = WindowPlan.For(trained.Model.Config);
        var top = WindowedCoding.Tally(piece, plan, p => trained.Encode(p, CodeEncoder.Gain),
            trained.Model.Config.Atoms)
            .TopAtoms(2).Select(a => a.Atom).ToList();
        Assert.That(simplified, Does.Contain($"at k = 1 (gain); kept {string.Join(", ", top)}"));
        var result = Simplification.Simplify(trained, piece, top.ToHashSet(), CodeEncoder.Gain);
        Assert.That(result.Code.UsedAtoms(), Is.SubsetOf(top));
        Assert.That(MidiReader.Read(Out("simplified.mid")).Notes, Has.Count.EqualTo(result.Output.Notes().Count));
    }

    [Test]
    public void GainWithAnotherKIsRefused()
    {
        var (exit, _, stderr) = CliRunner.Run(On(TestModels.Synthetic, "reconstruct", "--input", _sequence,
            "--encoder", "gain", "--k", "2", "--out", Out("k2.mid")));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Is.EqualTo(
            "error: --encoder gain codes one atom and its gain per frame: give --k 1 or no --k, not 2"));
        Assert.That(File.Exists(Out("k2.mid")), Is.False);
    }

    [TestCase("gain")]
    [TestCase("union")]
    public void GainAndUnionOnAPianoModelAreRefusedWithOneLine(string encoder)
    {
        string model = Out("piano.safetensors"), input = Out("piano.mid");
        using (var backend = new CpuBackend())
        using (var piano = TiedModel(backend, [FirstFrame(Piece(Figure(60, 64, repeats: 1)))], k: 1))
            Save(model, piano);
        MidiOutput.Write(PianoMidi.ToSong(Figure(60, 64, repeats: 2)), input);

        var (exit, _, stderr) = CliRunner.Run(On(model, "reconstruct", "--input", input, "--encoder", encoder,
            "--out", Out("p.mid")));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(),
            Does.StartWith($"error: --encoder {encoder} codes Groove drum grids"));
    }

    [TestCase(CodeEncoder.Gain)]
    [TestCase(CodeEncoder.Union)]
    public void GainAndUnionOnAHitsLossModelAreRefused(CodeEncoder encoder)
    {
        using var backend = new CpuBackend();
        var config = new AutoencoderConfig
        {
            InputChannels = GrooveGrid.Channels, Atoms = 4, FrameLength = GrooveGrid.StepsPerWholeNote,
            Sparsity = SparsityKind.ChannelTopK, TopK = 1, Loss = LossKind.Hits, HitChannels = DrumMapping.ClassCount,
        };
        var groove = MusicRepresentations.Create(new RepresentationSettings(RepresentationKind.Groove));
        using var trained = new TrainedModel(new Autoencoder(config, backend, 3), groove, "hits.safetensors");
        var piece = PieceReader.Read(trained, _sequence);

        Assert.That(() => trained.Encode(piece, encoder),
            Throws.ArgumentException.With.Message.Contains("--loss hits"));
    }
}
