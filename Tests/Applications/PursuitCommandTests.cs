using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations.Windows;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `--encoder omp` on encode, reconstruct, denoise and simplify, as a user runs them: mostly on a model of orthonormal
/// atoms with an encoder tied to them (<see cref="TestModels.Orthonormal"/>), where OMP's loss must beat WTA's and
/// every column holds exactly k atoms, and once on the model trained on synthetic drums.
/// </summary>
[NonParallelizable]
public sealed class PursuitCommandTests
{
    private string _folder = null!;
    private string _rock = null!, _bossa = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        _folder = TestModels.OutputFolder();
        _rock = TestModels.SyntheticFile(_folder, 0);
        _bossa = TestModels.SyntheticFile(_folder, 4, bars: 3);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private string Out(string name) => Path.Combine(_folder, name);

    private static string[] On(string model, params string[] args) => [.. args, "--model", model, "--device", "cpu"];

    private static double Loss(string stdout)
        => double.Parse(Regex.Match(stdout, @"loss: MSE ([0-9.eE+-]+) ").Groups[1].Value, CultureInfo.InvariantCulture);

    [Test]
    public void ReconstructWithOmpHasALowerLossThanWtaOverOrthonormalAtoms()
    {
        foreach (string input in new[] { _rock, _bossa })
        {
            string name = Path.GetFileNameWithoutExtension(input);
            string wta = CliRunner.Succeed(
                On(TestModels.Orthonormal, "reconstruct", "--input", input, "--out",
                Out($"{name}-orthonormal-wta.mid")));
            string omp = CliRunner.Succeed(
                On(TestModels.Orthonormal, "reconstruct", "--input", input, "--encoder", "omp", "--out",
                Out($"{name}-orthonormal-omp.mid")));

            Assert.That(wta, Does.Contain("k = 3 (wta)"));
            Assert.That(omp, Does.Contain("k = 3 (omp)"));
            Assert.That(Loss(omp), Is.LessThan(Loss(wta)), $"{input}\n{wta}\n{omp}");
        }
    }

    [Test]
    public void ReconstructWithOmpThroughTheTrainedDecoderKeepsThePattern()
    {
        string stdout = CliRunner.Succeed(
            On(TestModels.Synthetic, "reconstruct", "--input", _rock, "--encoder", "omp", "--out",
            Out("rock-omp.mid")));

        var line = stdout.Split('\n').First(l => l.StartsWith("loss", StringComparison.Ordinal));
        Assert.That(double.Parse(Regex.Match(line, @"F1 ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture),
            Is.GreaterThan(0.8), stdout);
        Assert.That(MidiReader.Read(Out("rock-omp.mid")).Notes, Is.Not.Empty);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(5)]
    public void EncodeWithOmpPutsExactlyKAtomsInEveryColumn(int k)
    {
        string stdout = CliRunner.Succeed(
            On(TestModels.Orthonormal, "encode", "--input", _rock, _bossa, "--encoder", "omp", "--k", $"{k}", "--out",
            Out($"omp-{k}.json")));

        Assert.That(stdout, Does.Contain($"at k = {k} (omp)"));
        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Orthonormal, backend);
        using var json = JsonDocument.Parse(File.ReadAllText(Out($"omp-{k}.json")));
        foreach (var file in json.RootElement.GetProperty("files").EnumerateArray())
        {
            string path = file.GetProperty("file").GetString()!;
            var entries = file.GetProperty("entries").EnumerateArray()
                .Select(
                    e => (Column: e.GetProperty("column").GetInt32(), Atom: e.GetProperty("atom").GetInt32(),
                    Value: e.GetProperty("value").GetSingle())).ToList();
            var perColumn = entries.GroupBy(e => e.Column).ToDictionary(g => g.Key, g => g.Count());
            Assert.That(perColumn.Keys.Order(),
                Is.EqualTo(Enumerable.Range(0, file.GetProperty("columns").GetInt32())));
            Assert.That(perColumn.Values, Has.All.EqualTo(k), path);

            var piece = PieceReader.Read(trained, path);
            var pursued = trained.Encode(piece, CodeEncoder.Omp, k);
            var winners = trained.Encode(piece, CodeEncoder.Wta, k);
            Assert.That(entries.Select(e => e.Value), Is.EqualTo(entries.Select(e => pursued[e.Atom, e.Column])),
                $"{path}: the pursuit's code");
            Assert.That(pursued.Values, Is.Not.EqualTo(winners.Values),
                $"{path}: the winner-take-all codes it otherwise");
        }
    }

    [Test]
    public void DenoiseWithOmpPursuesOverTheKeptAtomsOnly()
    {
        string listed = CliRunner.Succeed(
            On(TestModels.Orthonormal, "denoise", "--input", _rock, "--encoder", "omp", "--k", "2", "--atom-list",
            "2,5,7", "--out", Out("listed.mid")));
        string kept = CliRunner.Succeed(
            On(TestModels.Orthonormal, "denoise", "--input", _rock, "--encoder", "omp", "--keep-atoms", "4", "--out",
            Out("kept.mid")));

        Assert.That(listed, Does.Contain("k = 2 (omp), atoms: 2, 5, 7;"));
        int used = int.Parse(Regex.Match(listed, @"(\d+) atoms used").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(used, Is.InRange(2, 3), listed);

        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Orthonormal, backend);
        var piece = PieceReader.Read(trained, _rock);
        var code = trained.Encode(piece, CodeEncoder.Omp, 2, new HashSet<int> { 2, 5, 7 });
        for (int l = 0; l < code.Columns; l++)
        {
            var active = Enumerable.Range(0, code.Atoms).Where(n => code[n, l] != 0).ToArray();
            Assert.That(active, Has.Length.EqualTo(2).And.SubsetOf(new[] { 2, 5, 7 }), $"column {l}");
        }
        var mostUsed = Denoising.MostUsedAtoms(trained, new DenseSignalWindows(piece), 4, CodeEncoder.Omp);
        Assert.That(kept, Does.Contain($"atoms: {string.Join(", ", mostUsed.Order())};"),
            "--keep-atoms ranks the atoms by the pursuit's code");
    }

    [Test]
    public void SimplifyWithOmpKeepsTheAtomsThePursuitUsesMost()
    {
        string omp = CliRunner.Succeed(
            On(TestModels.Orthonormal, "simplify", "--input", _bossa, "--encoder", "omp", "--keep", "2", "--out",
            Out("simple-omp.mid")));
        string wta = CliRunner.Succeed(
            On(TestModels.Orthonormal, "simplify", "--input", _bossa, "--keep", "2", "--out", Out("simple-wta.mid")));

        using var backend = new CpuBackend();
        using var trained = TrainedModel.Load(TestModels.Orthonormal, backend);
        var piece = PieceReader.Read(trained, _bossa);
        string Kept(CodeEncoder encoder)
            => string.Join(", ", trained.Encode(piece, encoder).TopAtoms(2).Select(a => a.Atom));
        Assert.That(Kept(CodeEncoder.Omp), Is.Not.EqualTo(Kept(CodeEncoder.Wta)),
            "the two encoders rank this piece's atoms differently");
        Assert.That(omp, Does.Contain($"at k = 3 (omp); kept {Kept(CodeEncoder.Omp)}"));
        Assert.That(wta, Does.Contain($"at k = 3 (wta); kept {Kept(CodeEncoder.Wta)}"));
    }

    [Test]
    public void AnUnknownEncoderIsRefused()
    {
        var (exit, _, stderr) = CliRunner.Run(
            On(TestModels.Orthonormal, "reconstruct", "--input", _rock, "--encoder", "ksvd", "--out", Out("x.mid")));
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("ksvd"));
    }
}
