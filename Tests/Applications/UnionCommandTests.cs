using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Applications.Windows;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using TcnWtaNative.Training.Applications.Windows;
using TcnWtaNative.Training.Evaluation.RateDistortion;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `--encoder union` in the applications: the windowed union code of a piece is the rate-distortion study's
/// <see cref="UnionGainCoder"/> choice frame by frame and decodes to the study's reconstruction, a restricted code
/// never leaves its atoms, every application command takes it and writes its file, the model file's <c>encoder</c> key
/// is the default, and where the union code does not apply (a piano model, a hits-loss model, k other than 2) the
/// error says so in one line.
/// </summary>
[NonParallelizable]
public sealed class UnionCommandTests : SyntheticModelFixture
{
    [Test]
    public void TheWindowedUnionCodeIsTheStudysUnionCoderFrameByFrame()
    {
        var piece = PieceReader.Read(Trained, A);
        var config = Trained.Model.Config;
        var windows = WindowedCoding.Code(new DenseSignalWindows(piece), WindowPlan.For(config, frames: 3),
            p => Trained.Encode(p, CodeEncoder.Union)).ToList();
        int columns = windows.Sum(w => w.Code.Columns);
        using var study = UnionGainCoder.ForModel(Trained.Model, config.FrameLength);
        var frames = BarSegments.Cut(piece.Signal, 1, piece.Channels, piece.Length, config.FrameLength);
        var chosen = study.Choose(frames, columns);

        Assert.That(windows, Has.Count.GreaterThan(1), "the piece is coded in several windows");
        Assert.That(chosen.Count(c => c.First >= 0 && c.Second >= 0 && c.First != c.Second), Is.GreaterThan(0),
            "some frame takes two atoms");
        var joined = WindowTestPieces.Joined(windows.Select(w => w.Code));
        Assert.That(joined, Is.EqualTo(StudyCode(chosen).Values));

        var decoded = BarSegments.Paste(study.Reconstruct(frames, columns, 2), 1, piece.Channels, piece.Length,
            config.FrameLength);
        Assert.That(Trained.Decode(Trained.Encode(piece, CodeEncoder.Union), piece.Length, CodeEncoder.Union),
            Is.EqualTo(decoded).Within(1e-6f), "the union decode of the code is the study's reconstruction");
    }

    [Test]
    public void ARestrictedUnionCodeUsesOnlyTheKeptAtomsAtMostTwoAColumn()
    {
        var piece = PieceReader.Read(Trained, A);
        var used = CodeEditing.UsedAtoms(Trained.Encode(piece, CodeEncoder.Union));
        Assert.That(used, Has.Count.GreaterThan(2));
        var kept = used.Order().Skip(1).ToHashSet();

        var restricted = Trained.Encode(piece, CodeEncoder.Union, TrainedModel.UnionK, kept);

        Assert.That(CodeEditing.UsedAtoms(restricted), Is.SubsetOf(kept).And.Not.Empty);
        for (int l = 0; l < restricted.Columns; l++)
            Assert.That(Enumerable.Range(0, restricted.Atoms).Count(n => restricted[n, l] != 0), Is.AtMost(2),
                $"column {l}");
    }

    [Test]
    public void InterpolationKeepsTheTwoLargestGainsAColumnAndStartsAtA()
    {
        var (a, b) = (PieceReader.Read(Trained, A), PieceReader.Read(Trained, B));
        var path = Interpolation.Between(Trained, new DenseSignalWindows(a), new DenseSignalWindows(b), 4, null,
            encoder: CodeEncoder.Union);

        for (int step = 0; step <= 4; step++)
            foreach (var window in path.Codes(step))
                for (int l = 0; l < window.Columns; l++)
                    Assert.That(Enumerable.Range(0, window.Atoms).Count(n => window[n, l] != 0), Is.AtMost(2),
                        $"step {step}");
        var reconstructed = PieceReconstruction.Run(Trained, new DenseSignalWindows(a),
            p => Trained.Encode(p, CodeEncoder.Union), encoder: CodeEncoder.Union);
        Assert.That(path.Decode(0, a.Bpm).Notes(), Is.EqualTo(reconstructed.Output.Notes()),
            "step 0 is A's union reconstruction");
    }

    [TestCase("reconstruct --input A --out OUT.mid", "k = 2 (union)")]
    [TestCase("denoise --input A --k 2 --add-noise 0.5 --seed 1 --out OUT.mid", "k = 2 (union)")]
    [TestCase("denoise --input A --atom-list 0,1,2,3 --out OUT.mid", "k = 2 (union), atoms: 0, 1, 2, 3;")]
    [TestCase("denoise --input A --keep-atoms 3 --out OUT.mid", "k = 2 (union)")]
    [TestCase("simplify --input A --keep-atoms 2 --out OUT.mid", "at k = 2 (union); kept")]
    [TestCase("swap --a A --b B --swap-atoms 2 --out OUT.mid", "swapped (A -> B)")]
    [TestCase("drums --structure A_B --bars 2 --seed-file A --out OUT.mid", "sections cut from the code of")]
    public void EveryMidiCommandTakesTheUnionCodeAndWritesNotes(string command, string printed)
    {
        string output = Out($"{command.Split(' ')[0]}-{command.Length}.mid");
        string stdout = CliRunner.Succeed(On(TestModels.Synthetic, [.. Args(command, output), "--encoder", "union"]));

        Assert.That(stdout, Does.Contain(printed));
        Assert.That(MidiReader.Read(output).Notes, Is.Not.Empty);
    }

    [Test]
    public void EncodeInterpolateAndAtomsTakeTheUnionCode()
    {
        string encoded = CliRunner.Succeed(On(TestModels.Synthetic, "encode", "--input", A, "--encoder", "union",
            "--out", Out("codes.json")));
        string path = CliRunner.Succeed(On(TestModels.Synthetic, "interpolate", "--a", A, "--b", B, "--steps", "2",
            "--match", "--columns", "2", "--encoder", "union", "--out", Out("path")));
        string atoms = CliRunner.Succeed(On(TestModels.Synthetic, "atoms", "--data", A, B, "--encoder", "union",
            "--out", Out("atoms")));

        Assert.That(encoded, Does.Contain("code columns) at k = 2 (union)"));
        Assert.That(new FileInfo(Out("codes.json")).Length, Is.GreaterThan(100));
        Assert.That(path, Does.Contain("notes along the path, A to B"));
        Assert.That(Directory.GetFiles(Out("path"), "*.mid"), Has.Length.EqualTo(3));
        Assert.That(atoms, Does.Contain("code columns at k = 2 (union)"));
        var expected = new AtomUsage(Trained.Model.Config.Atoms);
        foreach (string file in new[] { A, B }) expected.Add(Trained.Encode(PieceReader.Read(Trained, file),
            CodeEncoder.Union));
        Assert.That(File.ReadAllLines(Path.Combine(Out("atoms"), "atoms.csv")).Skip(1)
            .Select(line => int.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(expected.OrderByUsage()), "atoms sorted by the union code's summed gains");
    }

    [Test]
    public void ClassifyProbesTheUnionCodes()
    {
        string groove = TestData.GrooveDir();

        string printed = CliRunner.Succeed(On(TestModels.Synthetic, "classify", "--data", groove, "--label",
            "beat-type", "--per-label", "4", "--features", "mean", "--l2", "0.01", "--encoder", "union"));

        Assert.That(printed,
            Does.Contain("mean code").And.Contain("over its 12 atoms").And.Contain("drum-class histogram"));
    }

    [TestCase("reconstruct --input A --encoder union --k 1 --out OUT",
        "error: --encoder union codes two atoms and their gains per frame: give --k 2 or no --k, not 1")]
    [TestCase("denoise --input A --encoder union --k 3 --out OUT",
        "error: --encoder union codes two atoms and their gains per frame: give --k 2 or no --k, not 3")]
    [TestCase("atoms --encoder union --out OUT",
        "error: --encoder union codes the --data files to measure usage: give --data, or leave --encoder out to sort "
        + "the atoms by norm")]
    public void BadUnionCombinationsAreRefusedWithOneLine(string command, string error)
    {
        string output = Out($"refused-{command.Split(' ')[0]}-{command.Length}");
        var (exit, _, stderr) = CliRunner.Run(On(TestModels.Synthetic, [.. Args(command, output)]));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1).Or.Length.EqualTo(2), "a device line at most");
        Assert.That(stderr.Trim().Split('\n').Last(), Is.EqualTo(error));
        Assert.That(Path.Exists(output), Is.False, "nothing written");
    }

    [Test]
    public void TheModelFilesEncoderIsTheDefault()
    {
        string union = WithEncoderKey("union"), bogus = WithEncoderKey("kmeans");

        string byKey = CliRunner.Succeed(On(union, "reconstruct", "--input", A, "--out", Out("key.mid")));
        string told = CliRunner.Succeed(On(union, "reconstruct", "--input", A, "--encoder", "wta",
            "--out", Out("told.mid")));
        string without = CliRunner.Succeed(On(TestModels.Synthetic, "reconstruct", "--input", A,
            "--out", Out("without.mid")));
        var (exit, _, stderr) = CliRunner.Run(On(bogus, "reconstruct", "--input", A, "--out", Out("bogus.mid")));

        Assert.That(byKey, Does.Contain("k = 2 (union)"));
        Assert.That(told, Does.Contain("k = 1 (wta)"), "--encoder overrides the file");
        Assert.That(without, Does.Contain("k = 1 (wta)"), "no key: wta");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Is.EqualTo(
            $"error: {bogus}: the metadata key encoder is 'kmeans', not one of wta, omp, gain, union"));
    }

    // the synthetic model saved again with its metadata and encoder = value; returns the path
    private string WithEncoderKey(string value)
    {
        string path = Out($"encoder-{value}.safetensors");
        using var backend = new CpuBackend();
        var checkpoint = ModelCheckpoint.Load(TestModels.Synthetic, backend);
        using var model = checkpoint.Model;
        var metadata = new Dictionary<string, string>(checkpoint.Metadata) { [ModelEncoder.MetadataKey] = value };
        ModelCheckpoint.Save(path, model, extraMetadata: metadata);
        return path;
    }

    private IEnumerable<string> Args(string command, string output)
        => command.Split(' ').Select(arg => arg switch
        {
            "A" => A, "B" => B, "OUT" or "OUT.mid" => output, "A_B" => "A B", _ => arg,
        });

    // the study's choices as a code [N, L]: each frame's gains at its atoms, the larger where one atom comes twice
    private SparseCode StudyCode(UnionCode[] chosen)
    {
        var code = SparseCode.Zeros(Trained.Model.Config.Atoms, chosen.Length);
        for (int l = 0; l < chosen.Length; l++)
            foreach (var (atom, gain) in new[] { (chosen[l].First, chosen[l].FirstGain),
                (chosen[l].Second, chosen[l].SecondGain) })
                if (atom >= 0)
                    code.Values[atom * chosen.Length + l] = Math.Max(code.Values[atom * chosen.Length + l], gain);
        return code;
    }
}
