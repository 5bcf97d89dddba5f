using System.Globalization;
using System.Text.RegularExpressions;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Piano;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Applications;
using static TcnWtaNative.Tests.Training.Evaluation.RateDistortion.Piano.SyntheticPiano;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// "tcnwta denoise --prior-data": a Groove train split's cell prior blended into the denoised hits, for extra and
/// dropped hits; and --only-remove and --only-add.
/// </summary>
[NonParallelizable]
public class DenoisePriorCommandTests : SyntheticModelFixture
{
    private static (double F1, int Estimated) Score(string stdout, string linePrefix)
    {
        var line = stdout.Split('\n').First(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        return (double.Parse(Regex.Match(line, @"F1 ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(Regex.Match(line, @"(\d+) estimated").Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Test]
    public void ThePriorOfTheRealTrainSplitCleansARealTestFileBeyondTheNoisyInput()
    {
        string groove = TestData.GrooveDir(), input = TestModels.GrooveTestFiles(1)[0];
        string[] code = ["denoise", "--model", TestModels.Groove, "--input", input, "--k", "1", "--encoder", "wta",
            "--device", "cpu", "--overwrite"];
        string[] denoise = [.. code, "--add-noise", "1", "--seed", "2"];

        string alone = CliRunner.Succeed([.. denoise, "--out", Out("alone.mid")]);
        string blended = CliRunner.Succeed([.. denoise, "--prior-data", groove, "--out", Out("blended.mid")]);
        string assumed = CliRunner.Succeed([.. denoise, "--prior-data", groove, "--noise-rate", "3", "--out",
            Out("assumed.mid")]);
        string estimated = CliRunner.Succeed([.. denoise, "--prior-data", groove, "--noise-rate", "auto", "--out",
            Out("estimated.mid")]);

        Assert.That(blended, Does.Match(@"(?m)^prior: \d{4,} train-split bars of 16 steps; the piece's hits suggest "
            + @"noise at [0-9.]+ extra hits per played hit; blending at 1 \(--add-noise\)$"));
        Assert.That(blended, Does.Contain("hits blended with the prior"));
        Assert.That(alone, Does.Not.Contain("prior"));
        Assert.That(Score(blended, "denoised").F1, Is.GreaterThan(Score(alone, "denoised").F1), alone + blended);
        Assert.That(Score(blended, "denoised").Estimated, Is.LessThanOrEqualTo(Score(blended, "noisy input").Estimated),
            "the blend keeps only hits of the noisy input");
        Assert.That(assumed, Does.Contain("blending at 3 (--noise-rate)"));
        var suggested = Regex.Match(estimated, @"suggest noise at ([0-9.]+) .*; blending at \1 \(estimated\)");
        Assert.That(suggested.Success, estimated);
        Assert.That(double.Parse(suggested.Groups[1].Value, CultureInfo.InvariantCulture), Is.InRange(0.25, 4),
            "one piece's estimate of the rate 1 it was given, within a factor of 4");
        Assert.That(Score(assumed, "denoised").Estimated, Is.LessThan(Score(blended, "denoised").Estimated),
            "more noise assumed: each hit is less likely played, and the network's decoded hits take any value");
        var (cleanExit, clean, cleanWarning) = CliRunner.Run([.. code, "--prior-data", groove, "--out",
            Out("clean.mid")]);
        var cleanSuggested = Regex.Match(clean, @"suggest noise at ([0-9.]+) ");
        Assert.That((cleanExit, cleanSuggested.Success), Is.EqualTo((0, true)), clean + cleanWarning);
        Assert.That(double.Parse(cleanSuggested.Groups[1].Value, CultureInfo.InvariantCulture),
            Is.LessThan(double.Parse(suggested.Groups[1].Value, CultureInfo.InvariantCulture)),
            "the clean file shows less noise than the same file with a hit added per hit");
        Assert.That(clean.Contains("hits blended with the prior"), Is.Not.EqualTo(cleanWarning.Contains(
            "no noise was found and the prior is not blended")), "blended, or said why not");
    }

    [Test]
    public void ThePriorWeighsTheDroppedShareOfAFileThatMissedHits()
    {
        string groove = TestData.GrooveDir(), input = TestModels.GrooveTestFiles(1)[0];
        string[] denoise = ["denoise", "--model", TestModels.Groove, "--input", input, "--k", "1", "--encoder", "wta",
            "--device", "cpu", "--overwrite", "--drop-hits", "0.3", "--prior-data", groove];

        string dropped = CliRunner.Succeed([.. denoise, "--out", Out("dropped.mid")]);
        string both = CliRunner.Succeed([.. denoise, "--add-noise", "1", "--out", Out("both.mid")]);

        Assert.That(dropped, Does.Match(@"(?m)blending at [0-9.]+ \(estimated\) with 0\.3 of the hits dropped "
            + @"\(--drop-hits\)$"));
        Assert.That(both, Does.Contain("blending at 1 (--add-noise) with 0.3 of the hits dropped (--drop-hits)"));
        Assert.That(both, Does.Contain("hits blended with the prior"));
        Assert.That(File.Exists(Out("dropped.mid")) && File.Exists(Out("both.mid")));
    }

    [TestCase("--noise-rate 1", "--noise-rate is the prior's; give --prior-data")]
    [TestCase("--prior-data DIR --noise-rate often", "per played hit or auto, got 'often'")]
    [TestCase("--prior-data DIR --noise-rate 0", "--noise-rate must lie in (0, 10] extra hits per played hit, got 0")]
    [TestCase("--prior-data DIR --noise-rate NaN", "--noise-rate must lie in (0, 10]")]
    [TestCase("--prior-data MISSING --add-noise 1", "missing: no such folder")]
    public void BadPriorOptionsAreOneErrorLineAndWriteNothing(string options, string message)
    {
        var args = options.Split(' ').Select(a => a.Replace("MISSING", Out("missing")).Replace("DIR", Folder));

        var (exit, _, stderr) = CliRunner.Run(["denoise", "--model", TestModels.Synthetic, "--input", A, "--k", "1",
            "--out", Out("x.mid"), "--device", "cpu", .. args]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Does.StartWith("error: ").And.Contain(message));
        Assert.That(File.Exists(Out("x.mid")), Is.False);
    }

    [Test]
    public void OnlyRemoveKeepsNoMoreNotesThanTheNoisyInputHasEachAsPlayed()
    {
        string stdout = CliRunner.Succeed(On(TestModels.Synthetic, "denoise", "--input", B, "--k", "1", "--add-noise",
            "2", "--only-remove", "--out", Out("removed.mid")));
        string alone = CliRunner.Succeed(On(TestModels.Synthetic, "denoise", "--input", B, "--k", "1", "--add-noise",
            "2", "--out", Out("alone.mid")));

        Assert.That(stdout, Does.Contain("only the input's hits kept"));
        Assert.That(stdout, Does.Contain(
            "velocity MAE of the notes found (MIDI velocity / 127): noisy input 0.000, denoised 0.000"),
            "extra hits leave the real ones as played, and the hits kept are the input's");
        Assert.That(alone, Does.Match(@"noisy input 0\.000, denoised 0\.\d{3}"));
        Assert.That(Score(stdout, "denoised").Estimated, Is.LessThanOrEqualTo(Score(stdout, "noisy input").Estimated));
        Assert.That(Score(stdout, "denoised").F1, Is.GreaterThan(Score(stdout, "noisy input").F1), stdout);
    }

    [Test]
    public void OnlyAddKeepsEveryHitOfTheInputWithMissedHits()
    {
        string stdout = CliRunner.Succeed(On(TestModels.Synthetic, "denoise", "--input", B, "--k", "1", "--drop-hits",
            "0.25", "--only-add", "--noisy-out", Out("dropped.mid"), "--out", Out("added.mid")));

        Assert.That(stdout, Does.Contain("every input hit kept"));
        var output = MidiReader.Read(Out("added.mid")).Notes.Select(n => (n.Pitch, n.StartTick)).ToHashSet();
        Assert.That(MidiReader.Read(Out("dropped.mid")).Notes.Select(n => (n.Pitch, n.StartTick)), Is.SubsetOf(output));
        Assert.That(Score(stdout, "denoised").F1, Is.GreaterThan(Score(stdout, "noisy input").F1), stdout);
        var (exit, _, stderr) = CliRunner.Run(On(TestModels.Synthetic, "denoise", "--input", B, "--k", "1",
            "--only-add", "--only-remove", "--out", Out("both.mid")));
        Assert.That((exit, stderr.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: give --only-remove or --only-add, not both")));
    }

    [Test]
    public void APianoModelRefusesThePriorOnlyRemoveOnlyAddAndHumanize()
    {
        string model = Out("piano.safetensors"), input = Out("piano.mid");
        using (var backend = new CpuBackend())
        using (var piano = TiedModel(backend, [FirstFrame(Piece(Figure(60, 64, repeats: 1)))], k: 1))
            Save(model, piano);
        MidiOutput.Write(PianoMidi.ToSong(Figure(60, 64, repeats: 2)), input);

        var (exit, _, stderr) = CliRunner.Run("denoise", "--model", model, "--input", input, "--k", "1",
            "--prior-data", Folder, "--noise-rate", "1", "--out", Out("p.mid"), "--device", "cpu");

        var (removeExit, _, removeError) = CliRunner.Run("denoise", "--model", model, "--input", input, "--k", "1",
            "--only-remove", "--out", Out("p.mid"), "--device", "cpu");

        Assert.That((exit, stderr.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: --prior-data blends Groove drum hits; this is a piano model")));
        Assert.That((removeExit, removeError.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: --only-remove keeps Groove drum hits; this is a piano model")));
        var (addExit, _, addError) = CliRunner.Run("denoise", "--model", model, "--input", input, "--k", "1",
            "--only-add", "--out", Out("p.mid"), "--device", "cpu");
        Assert.That((addExit, addError.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: --only-add keeps Groove drum hits; this is a piano model")));
        var (humanizeExit, _, humanizeError) = CliRunner.Run("humanize", "--model", model, "--input", input,
            "--out", Out("p.mid"), "--device", "cpu");
        Assert.That((humanizeExit, humanizeError.Trim().Split('\n').Last()),
            Is.EqualTo((1, "error: humanize plays Groove drum hits; this is a piano model")));
        Assert.That(File.Exists(Out("p.mid")), Is.False);
    }
}
