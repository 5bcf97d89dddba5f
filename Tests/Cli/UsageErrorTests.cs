using System.CommandLine;
using TcnWtaNative.Cli;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// A command line that does not parse is one error line and a hint, never the whole help; choices ignore case.
/// </summary>
[NonParallelizable]
public class UsageErrorTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("tcnwta-usage-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(new[] { "train", "--dataset", "grove", "--out", "x" },
        "error: --dataset: 'grove' is not one of synthetic, groove, maestro; did you mean 'groove'?",
        "see tcnwta train --help")]
    [TestCase(new[] { "train", "--dataset", "groove" }, "error: option '--out' is required", "see tcnwta train --help")]
    [TestCase(new[] { "train", "--epoch", "3", "--out", "x" },
        "error: unknown option '--epoch' for tcnwta train; did you mean '--epochs'?", "see tcnwta train --help")]
    [TestCase(new[] { "train", "--epochs", "many", "--out", "x" }, "error: --epochs takes a whole number, not 'many'",
        "see tcnwta train --help")]
    [TestCase(new[] { "train", "--epochs", "99999999999", "--out", "x" },
        "error: --epochs takes a whole number from -2147483648 to 2147483647, not '99999999999'",
        "see tcnwta train --help")]
    [TestCase(new[] { "evaluate", "--model", "m", "--data", "d", "--budgets", "x", "5" },
        "error: --budgets takes a whole number, not 'x'", "see tcnwta evaluate --help")]
    [TestCase(new[] { "trian" }, "error: unknown command 'trian' for tcnwta; did you mean 'train'?",
        "see tcnwta --help")]
    [TestCase(new[] { "dataset", "stats", "--dataset", "groove", "--data", "d", "--bogus" },
        "error: unknown option '--bogus' for tcnwta dataset stats", "see tcnwta dataset stats --help")]
    [TestCase(new[] { "evaluate", "--model", "m", "--data", "d", "--encoder", "wtaa" },
        "error: --encoder: 'wtaa' is not one of wta, omp, both, gain, union, all; did you mean 'wta'?",
        "see tcnwta evaluate --help")]
    [TestCase(new[] { "denoise", "--model", "m", "--input", "i", "--out", "o", "--add-noise", "0,5" },
        "error: --add-noise takes a number with a decimal point, not '0,5'", "see tcnwta denoise --help")]
    [TestCase(new[] { "train", "--learning-rate", "0,001", "--out", "x" },
        "error: --learning-rate takes a number with a decimal point, not '0,001'", "see tcnwta train --help")]
    [TestCase(new[] { "classify", "--l2", "0.1", "1,5" },
        "error: --l2 takes a number with a decimal point, not '1,5'", "see tcnwta classify --help")]
    [TestCase(new[] { "train", "--epsilon", "1e400", "--out", "x" },
        "error: --epsilon takes a finite number, not '1e400'", "see tcnwta train --help")]
    [TestCase(new[] { "train", "--lifetime-rate", "1e39", "--out", "x" },
        "error: --lifetime-rate takes a finite number, not '1e39'", "see tcnwta train --help")]
    [TestCase(new[] { "evaluate", "--model", "m", "--data", "d", "--add-noise", "NaN" },
        "error: --add-noise takes a finite number, not 'NaN'", "see tcnwta evaluate --help")]
    [TestCase(new[] { "midi" }, "error: tcnwta midi needs a command: inspect, render", "see tcnwta midi --help")]
    [TestCase(new[] { "reconstruct", "--model", "m", "--input", "i.mid", "--out", "song.wav" },
        "error: --out writes a MIDI file; give a file ending in .mid or .midi, not 'song.wav'",
        "see tcnwta reconstruct --help")]
    [TestCase(new[] { "denoise", "--model", "m", "--input", "i.mid", "--k", "2", "--out", "o.mid", "--noisy-out",
        "noisy.png" }, "error: --noisy-out writes a MIDI file; give a file ending in .mid or .midi, not 'noisy.png'",
        "see tcnwta denoise --help")]
    [TestCase(new[] { "export", "--model", "m", "--out", "copy.mid" },
        "error: --out writes a model; give a file ending in .safetensors, not 'copy.mid'", "see tcnwta export --help")]
    public void AUsageErrorIsOneLineAndAHint(string[] args, string error, string hint)
    {
        var (exit, stdout, stderr) = CliRunner.Run(args);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty, "no help text");
        Assert.That(stderr.TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')), Is.EqualTo(new[] { error, hint }));
    }

    // sizes past an int's reach are refused before anything is filled
    [TestCase("--b", "2147483647")]
    [TestCase("--t", "2147483644")]
    public void AReferenceCheckTooLargeIsOneErrorLine(string option, string value)
    {
        var (exit, stdout, stderr) = CliRunner.Run("reference-check", "--seed", "1", option, value, "--device", "cpu");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.Trim(), Does.StartWith("error: a batch of ").And.Contain("the limit is 2^31 - 1")
            .And.Not.Contain("\n"));
    }

    [TestCase("take.mid")]
    [TestCase("TAKE.MIDI")]
    [TestCase("take")]
    [TestCase("runs/v1.2/take")]
    public void AMidiOutputWithAMidiExtensionOrNoneParses(string output)
    {
        var root = new RootCommand();
        foreach (var command in CommandCatalog.All()) root.Add(command);

        var parse = root.Parse(["reconstruct", "--model", "m", "--input", "i.mid", "--out", output]);

        Assert.That(parse.Errors, Is.Empty);
    }

    [Test]
    public void ChoicesIgnoreCase()
    {
        string run = Path.Combine(_directory, "run");
        var (exit, _, stderr) = CliRunner.Run("train", "--dataset", "Synthetic", "--device", "CPU", "--loss", "MSE",
            "--samples", "16", "--validation-samples", "0", "--epochs", "1", "--no-cache", "--out", run);

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("device: cpu"));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")),
            Does.Contain("\"dataset\": \"synthetic\"").And.Contain("\"loss\": \"mse\""));
    }

    [Test]
    public void HelpIsStillHelp()
    {
        var (exit, stdout, _) = CliRunner.Run("train", "--help", "--dataset", "grove");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("Usage:").And.Contain("--dataset <groove|maestro|synthetic>"));
    }

    [TestCase("trian", "train")]
    [TestCase("--epoch", "--epochs")]
    [TestCase("GROVE", "groove")]
    [TestCase("bogus", null)]
    public void TheNearestNameIsSuggestedOnlyWhenClose(string typed, string? expected)
        => Assert.That(Suggestions.Closest(typed, ["train", "demo", "--epochs", "--bars", "groove", "maestro"]),
            Is.EqualTo(expected));
}
