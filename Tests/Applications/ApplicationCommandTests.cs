using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Training.Applications;

using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>Every application command as a user runs it, on a model trained on synthetic drum patterns.</summary>
[NonParallelizable]
public class ApplicationCommandTests
{
    private string _folder = null!;
    private string _rock = null!, _tomFill = null!;

    [OneTimeSetUp]
    public void WriteInputs()
    {
        _folder = TestModels.OutputFolder();
        _rock = TestModels.SyntheticFile(_folder, 0);
        _tomFill = TestModels.SyntheticFile(_folder, 3);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_folder, true);

    private string Out(string name) => Path.Combine(_folder, name);

    private static string[] WithModel(params string[] args)
        => [.. args, "--model", TestModels.Synthetic, "--device", "cpu"];

    private static double F1(string stdout, string linePrefix)
    {
        var line = stdout.Split('\n').First(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        return double.Parse(Regex.Match(line, @"F1 ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Test]
    public void ReconstructPrintsLossAndF1AndWritesMidi()
    {
        string stdout = CliRunner.Succeed(WithModel("reconstruct", "--input", _rock, "--out", Out("rock-rec.mid")));

        Assert.That(stdout,
            Does.Match(
                @"(?m)^loss: MSE [0-9.eE-]+ \(all zeros [0-9.eE-]+, "
                + @"mean frame [0-9.eE-]+ of the piece.s own frames\), notes F1"));
        Assert.That(F1(stdout, "loss"), Is.GreaterThan(0.8), "the model learned this pattern");
        Assert.That(MidiReader.Read(Out("rock-rec.mid")).Notes, Is.Not.Empty);
    }

    [Test]
    public void DenoiseOfANoisyPatternScoresCloserToTheCleanOneThanTheNoisyInput()
    {
        string fourOnTheFloor = TestModels.SyntheticFile(_folder, 1);
        string stdout = CliRunner.Succeed(
            WithModel("denoise", "--input", fourOnTheFloor, "--k", "1", "--add-noise", "0.5", "--seed", "3",
            "--noisy-out", Out("noisy.mid"), "--out", Out("denoised.mid")));

        Assert.That(F1(stdout, "denoised"), Is.GreaterThan(F1(stdout, "noisy input")), stdout);
        Assert.That(MidiReader.Read(Out("noisy.mid")).Notes.Count,
            Is.GreaterThan(MidiReader.Read(fourOnTheFloor).Notes.Count));
        Assert.That(MidiReader.Read(Out("denoised.mid")).Notes, Is.Not.Empty);
    }

    [Test]
    public void SimplifySwapAndInterpolateWriteMidi()
    {
        Assert.That(
            CliRunner.Succeed(WithModel("simplify", "--input", _rock, "--keep-atoms", "1", "--out", Out("simple.mid"))),
            Does.Contain("kept "));
        Assert.That(
            CliRunner.Succeed(
                WithModel("swap", "--a", _rock, "--b", _tomFill, "--swap-atoms", "1", "--out", Out("swap.mid"))),
                Does.Match(@"swapped \(A -> B\): \d+ -> \d+"));
        string stdout = CliRunner.Succeed(
            WithModel("interpolate", "--a", _rock, "--b", _tomFill, "--steps", "3", "--match", "--columns", "2",
            "--out", Out("interp")));

        Assert.That(stdout, Does.Contain("matched sections"));
        Assert.That(MidiReader.Read(Out("simple.mid")).Notes, Is.Not.Empty);
        Assert.That(MidiReader.Read(Out("swap.mid")).Notes, Is.Not.Empty);
        var steps = Directory.GetFiles(Out("interp"), "*.mid").Order().ToArray();
        Assert.That(steps.Select(Path.GetFileName),
            Is.EqualTo(new[] { "step-0.mid", "step-1.mid", "step-2.mid", "step-3.mid" }));
        Assert.That(steps.Select(s => MidiReader.Read(s).Notes.Count), Has.All.GreaterThan(0));
    }

    [Test]
    public void EncodeWritesCodesWithLabelsAsJsonAndCsv()
    {
        string metadata = Out("labels.csv");
        File.WriteAllLines(metadata,
            ["file,style", $"{Path.GetFileName(_rock)},rock", $"{Path.GetFileName(_tomFill)},fill"]);

        CliRunner.Succeed(
            WithModel("encode", "--input", _rock, _tomFill, "--metadata", metadata, "--out", Out("codes.json")));
        string stdout = CliRunner.Succeed(WithModel("encode", "--input", _rock, "--out", Out("codes.csv")));

        using var json = JsonDocument.Parse(File.ReadAllText(Out("codes.json")));
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files.Select(f => f.GetProperty("labels").GetProperty("style").GetString()),
            Is.EqualTo(new[] { "rock", "fill" }));
        Assert.That(json.RootElement.GetProperty("mean_usage").GetArrayLength(), Is.EqualTo(12));
        foreach (var file in files)
        {
            int columns = file.GetProperty("columns").GetInt32();
            var entries = file.GetProperty("entries").EnumerateArray().ToList();
            Assert.That(entries, Has.Count.InRange(1, columns), "k = 1: at most one entry per column");
            Assert.That(entries.Select(e => e.GetProperty("value").GetSingle()), Has.None.EqualTo(0f));
        }
        Assert.That(stdout, Does.Contain("encoded 1 files"));
        Assert.That(File.ReadAllLines(Out("codes.csv"))[0], Is.EqualTo("file,column,atom,value"));
        Assert.That(File.ReadAllLines(Out("codes-usage.csv")), Has.Length.EqualTo(2));
    }

    // one file that is no MIDI: its own error line and nothing else; beside a good one: a line for it, the good file's
    // codes written, exit 1
    [Test]
    public void EncodeOfABrokenFileSaysSoOnceAndEncodesTheOthers()
    {
        string broken = Out("broken.mid");
        File.WriteAllText(broken, "garbage");

        var (alone, _, aloneError) = CliRunner.Run(WithModel("encode", "--input", broken, "--out", Out("one.json")));
        var (beside, stdout, besideError) = CliRunner.Run(
            WithModel("encode", "--input", _rock, broken, "--out", Out("two.json")));

        string[] Errors(string stderr) => [.. stderr.Split('\n').Where(line => line.StartsWith("error:"))];
        string expected = $"error: {broken}: not a MIDI file: it starts with \"garb\", not \"MThd\"";
        Assert.That((alone, Errors(aloneError)), Is.EqualTo((1, new[] { expected })));
        Assert.That(File.Exists(Out("one.json")), Is.False);
        Assert.That((beside, Errors(besideError)), Is.EqualTo((1, new[] { expected })));
        Assert.That(stdout, Does.Contain("encoded 1 files").And.Contain(", 1 failed"));
        using var json = JsonDocument.Parse(File.ReadAllText(Out("two.json")));
        Assert.That(json.RootElement.GetProperty("files").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public void AtomsWritesAGridACsvAndOneMidiFilePerAtom()
    {
        string folder = Out("atoms");
        string stdout = CliRunner.Succeed(WithModel("atoms", "--out", folder, "--data", _rock, _tomFill));

        Assert.That(stdout, Does.Contain("sorted by usage over 2 files"));
        Assert.That(new FileInfo(Path.Combine(folder, "atoms.png")).Length, Is.GreaterThan(1000));
        var rows = File.ReadAllLines(Path.Combine(folder, "atoms.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.That(rows.Select(r => int.Parse(r[1], CultureInfo.InvariantCulture)).Order(),
            Is.EqualTo(Enumerable.Range(0, 12)));
        var usage = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToList();
        Assert.That(usage, Is.Ordered.Descending);
        Assert.That(Directory.GetFiles(Path.Combine(folder, "midi"), "*.mid").Select(MidiReader.Read).ToList(),
            Has.Count.EqualTo(12));
        Assert.That(CliRunner.Succeed(WithModel("atoms", "--out", Out("atoms-by-norm"))),
            Does.Contain("sorted by norm"));
    }

    private const string ComparisonCounts =
        @"wrote .*comparison\.png \(kept, in both \((\d+)\), missed, input only \((\d+)\), "
        + @"added, output only \((\d+)\)\)";

    [TestCase("reconstruct")]
    [TestCase("denoise", "--k", "1")]
    [TestCase("simplify", "--keep", "1")]
    public void PlotDrawsInputAndOutputSideBySideAndCountsKeptMissedAndAdded(string command, params string[] options)
    {
        string png = Out($"{command}-comparison.png");
        string[] args = [command, "--input", _tomFill, .. options, "--out", Out($"{command}.mid"), "--plot", png];
        string stdout = CliRunner.Succeed(WithModel(args));

        var counts = Regex.Match(stdout, ComparisonCounts);
        Assert.That(counts.Success, Is.True, stdout);
        int kept = int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture);
        int missed = int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.That(kept + missed, Is.EqualTo(MidiReader.Read(_tomFill).Notes.Count),
            "every input note is kept or missed");
        Assert.That(kept, Is.GreaterThan(0), "the model learned this pattern");
        Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000));
    }

    [Test]
    public void InterpolatePlotDrawsThePathsStartBesideItsMiddle()
    {
        string png = Out("interpolate-comparison.png");
        string stdout = CliRunner.Succeed(WithModel("interpolate", "--a", _rock, "--b", _tomFill, "--steps", "4",
            "--out", Out("path"), "--plot", png));

        Assert.That(stdout, Does.Contain($"wrote {png} (").And.Match(ComparisonCounts));
        Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000));
    }

    [Test]
    public void DrumsWritesTheStructureAsPlayableMidi()
    {
        string stdout = CliRunner.Succeed(
            WithModel("drums", "--structure", "A A B A", "--bars", "8", "--tempo", "100", "--meter", "3-4",
            "--seed-file", _rock, "--out", Out("drums.mid")));
        CliRunner.Succeed(WithModel("drums", "--structure", "A B", "--bars", "4", "--out", Out("sampled.mid")));
        string chained = CliRunner.Succeed(WithModel("drums", "--structure", "A B", "--bars", "4", "--data", _rock,
            _tomFill, "--out", Out("chained.mid")));
        string byUsage = CliRunner.Succeed(WithModel("drums", "--structure", "A B", "--bars", "4", "--data", _rock,
            "--sample", "usage", "--out", Out("by-usage.mid")));

        Assert.That(stdout, Does.Contain("8 bars of 3/4 at 100 bpm, 2 bars per section"));
        var song = MidiReader.Read(Out("drums.mid"));
        Assert.That(song.Notes, Is.Not.Empty);
        Assert.That(song.Notes.Select(n => n.Channel), Has.All.EqualTo(9));
        Assert.That(song.TimeSignatures[0].Label, Is.EqualTo("3-4"));
        Assert.That(song.Tempo.Changes[0].Bpm, Is.EqualTo(100).Within(0.01));
        Assert.That(MidiReader.Read(Out("sampled.mid")).Notes, Is.Not.Empty);
        Assert.That(chained, Does.Contain("code columns chained over the codes of 2 files (8 columns, k = 1 (wta))"),
            "--data chains by default: two files of 4 one-bar columns");
        Assert.That(byUsage, Does.Contain("atoms sampled by their usage over 1 files"));
        Assert.That(MidiReader.Read(Out("chained.mid")).Notes, Is.Not.Empty);
    }

    // a bad --data file once stopped drums at the first one, where atoms skipped it: both skip it now
    [TestCase("chain")]
    [TestCase("usage")]
    public void DrumsSkipsADataFileThatIsNoMidiAsAtomsDoes(string sample)
    {
        string empty = Out($"empty-{sample}.mid");
        File.WriteAllBytes(empty, []);

        var (exit, stdout, stderr) = CliRunner.Run(WithModel("drums", "--structure", "A B", "--bars", "4", "--data",
            _rock, empty, "--sample", sample, "--out", Out($"skipped-{sample}.mid")));
        var (noneExit, _, none) = CliRunner.Run(WithModel("drums", "--structure", "A B", "--bars", "4", "--data",
            empty, "--sample", sample, "--out", Out($"none-{sample}.mid")));

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain($"skipped {empty}: empty file"));
        Assert.That(stdout, Does.Contain(sample == "chain" ? "chained over the codes of 1 files"
            : "atoms sampled by their usage over 1 files"));
        Assert.That((noneExit, none.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: none of the 1 --data files could be encoded")));
        Assert.That(File.Exists(Out($"none-{sample}.mid")), Is.False);
    }

    [Test]
    public void DrumsChainsOnlyThePiecesInTheMeterItWrites()
    {
        string waltz = TestModels.SyntheticSequence(Out("waltz.mid"), [0, 0, 0, 0], new TimeSignature(0, 3, 4));

        var (exit, chained, warnings) = CliRunner.Run(WithModel("drums", "--structure", "A B", "--bars", "4", "--data",
            _rock, waltz, "--out", Out("four-four.mid")));
        var (waltzExit, waltzChained, _) = CliRunner.Run(WithModel("drums", "--structure", "A B", "--bars", "4",
            "--meter", "3-4", "--data", _rock, waltz, "--out", Out("three-four.mid")));
        var (noneExit, _, none) = CliRunner.Run(WithModel("drums", "--structure", "A B", "--bars", "4", "--data",
            waltz, "--out", Out("none.mid")));
        string byUsage = CliRunner.Succeed(WithModel("drums", "--structure", "A B", "--bars", "4", "--data", _rock,
            waltz, "--sample", "usage", "--out", Out("usage-any-meter.mid")));

        Assert.That((exit, waltzExit), Is.EqualTo((0, 0)));
        Assert.That(chained, Does.Contain("chained over the codes of 1 files (4 columns"), "the 4/4 piece alone");
        Assert.That(warnings, Does.Contain("1 of 2 --data files are not in 4/4 throughout"));
        Assert.That(warnings, Does.Not.Contain("is in 3/4"), "one warning for the files left out, not one each");
        Assert.That(waltzChained, Does.Contain("chained over the codes of 1 files (").And.Contain("4 bars of 3/4"),
            "the 3/4 piece alone");
        Assert.That((noneExit, none.Trim().Split('\n').Last()), Is.EqualTo((1,
            "error: none of the 1 --data files is in 4/4 throughout; the chain keeps beat positions, so it draws only "
            + "from pieces in --meter 4/4 (--sample usage takes any meter)")));
        Assert.That(File.Exists(Out("none.mid")), Is.False);
        Assert.That(byUsage, Does.Contain("atoms sampled by their usage over 2 files"));
    }

    [Test]
    public void DenoiseOfAPatternWithMissedHitsFillsSomeBackAndDropsNothingBeyondTheShare()
    {
        string fourOnTheFloor = TestModels.SyntheticFile(_folder, 1);
        string stdout = CliRunner.Succeed(
            WithModel("denoise", "--input", fourOnTheFloor, "--k", "1", "--drop-hits", "0.25", "--seed", "3",
            "--noisy-out", Out("dropped.mid"), "--out", Out("filled.mid")));

        int played = MidiReader.Read(fourOnTheFloor).Notes.Count, dropped = (int)Math.Round(0.25 * played);
        Assert.That(stdout, Does.Contain($"noise: 0 random hits added, {dropped} dropped "
            + "(0.25 of the hits dropped, seed 3)"));
        Assert.That(MidiReader.Read(Out("dropped.mid")).Notes.Count, Is.EqualTo(played - dropped));
        Assert.That(F1(stdout, "denoised"), Is.GreaterThan(F1(stdout, "noisy input")), stdout);
    }

    [TestCase("reconstruct --input MISSING --out X", "missing.mid: no such MIDI file")]
    [TestCase("reconstruct --input FOLDER --out X", "folder.mid: is a folder, not a MIDI file")]
    [TestCase("reconstruct --input PIANO --out X", "not drums")]
    [TestCase("reconstruct --input ROCK --k 13 --out X", "--k must lie in [1, 12]")]
    [TestCase("denoise --input ROCK --k 1 --drop-hits 0.95 --out X", "--drop-hits must lie in (0, 0.9]")]
    [TestCase("denoise --input ROCK --k 1 --noisy-out X --out X", "--noisy-out needs --add-noise or --drop-hits")]
    [TestCase("denoise --input ROCK --out X", "give --k, --atom-list or --keep-atoms")]
    [TestCase("denoise --input ROCK --atom-list 3,x --out X", "\"x\" is not an atom index")]
    [TestCase("simplify --input ROCK --keep-atoms 0 --out X", "--keep-atoms must be at least 1")]
    [TestCase("drums --structure \"A A B\" --bars 8 --out X", "do not split evenly")]
    [TestCase("drums --structure A --meter 5-3 --out X", "is not a time signature")]
    [TestCase("drums --structure A --meter 7-32 --out X", "--meter 7-32 does not divide into 16th notes")]
    [TestCase("drums --structure A --bars 100000000 --out X", "--bars must lie in [1, 10000], got 100000000")]
    [TestCase("drums --structure A --sample usage --out X", "--sample says how to draw from --data")]
    [TestCase("drums --structure A --tempo 3.5 --out X", "--tempo must lie in [3.58, 1000] bpm")]
    [TestCase("drums --structure A --bars 10000 --out X",
        "--bars 10000 of 4/4 at 120 bpm last 5.56 hours; tcnwta reads MIDI files of at most 4 hours")]
    [TestCase("interpolate --a ROCK --b ROCK --steps 100000 --out X", "--steps must lie in [1, 1000], got 100000")]
    [TestCase("encode --input ROCK --out X.txt", "must end in .json or .csv")]
    [TestCase("humanize --input MISSING --out X", "missing.mid: no such MIDI file")]
    [TestCase("humanize --input ROCK --k 0 --out X", "--k must lie in [1, ")]
    [TestCase("reconstruct --input ROCK --out X --plot X.txt", "--plot writes a PNG")]
    [TestCase("evaluate --data FOLDER --plot X.txt", "--plot writes a PNG")]
    [TestCase("evaluate --data FOLDER --max-pieces -1", "--max-pieces must be 0 (all pieces) or more, got -1")]
    public void BadInputIsOneClearErrorLine(string command, string message)
    {
        string piano = Out("piano.mid");
        MidiOutput.Write(
            new MidiSong("piano", 1, 1, new TempoMap(480, []), [TimeSignature.Default],
            [new MidiNote(0, 72, 80, 0, 480)], [], 960), piano);
        Directory.CreateDirectory(Out("folder.mid"));
        // whole tokens only: a temporary folder's random name may hold an X or ROCK of its own
        string Resolve(string token) => token switch
        {
            "MISSING" => Out("missing.mid"), "PIANO" => piano, "FOLDER" => Out("folder.mid"), "ROCK" => _rock,
            "AAB" => "A A B",
            _ when token == "X" || token.StartsWith("X.", StringComparison.Ordinal) => Out("x") + token[1..],
            _ => token.Replace("\"", ""),
        };
        var args = command.Replace("\"A A B\"", "AAB").Split(' ').Select(Resolve).ToList();

        var (exit, _, stderr) = CliRunner.Run(WithModel([.. args]));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Does.StartWith("error: ").And.Contain(message));
        var (missingModelExit, _, missingModel) = CliRunner.Run("reconstruct", "--model", Out("none.safetensors"),
            "--input", _rock, "--out", Out("x"));
        Assert.That((missingModelExit, missingModel.Trim()),
            Is.EqualTo((1, $"error: {Out("none.safetensors")}: no such model file")));
    }

    [Test]
    public void ARunFolderIsAcceptedAsTheModelAndAMidiFileIsNotAModel()
    {
        string run = Out("run");
        Directory.CreateDirectory(run);
        File.Copy(TestModels.Synthetic, Path.Combine(run, "model.safetensors"), overwrite: true);
        CliRunner.Succeed("reconstruct", "--model", run, "--input", _rock, "--out", Out("from-folder.mid"), "--device",
            "cpu");

        var (exit, _, stderr) = CliRunner.Run("reconstruct", "--model", _rock, "--input", _rock, "--out", Out("x.mid"),
            "--device", "cpu");
        Assert.That((exit, stderr.Trim().Split('\n').Last()),
            Is.EqualTo((1, $"error: {_rock}: not a tcnwta model: not a safetensors file")));

        var (emptyExit, _, empty) = CliRunner.Run("reconstruct", "--model", _folder, "--input", _rock, "--out",
            Out("x.mid"), "--device", "cpu");
        Assert.That((emptyExit, empty.Trim().Split('\n').Last()),
            Is.EqualTo(
                (1, $"error: {_folder} is a folder without a model.safetensors; give a model file or a run folder")));
    }

    [Test]
    public void AnEmptyPathIsOneErrorLineAndWritesNothing()
    {
        var (exit, _, stderr) = CliRunner.Run(WithModel("atoms", "--out", ""));
        Assert.That((exit, stderr.Trim()), Is.EqualTo((1, "error: --out is empty; give it a value")));
        var (modelExit, _, model) = CliRunner.Run("reconstruct", "--model", "", "--input", _rock, "--out",
            Out("x.mid"));
        Assert.That((modelExit, model.Trim()), Is.EqualTo((1, "error: --model is empty; give it a value")));
    }
}
