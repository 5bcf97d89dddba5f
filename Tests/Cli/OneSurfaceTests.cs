using System.Text.Json;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Midi;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// One surface: the same option names everywhere, snake_case JSON keys, and --overwrite on every command that would
/// replace outputs (an existing file or a non-empty folder refused with one line without it).
/// </summary>
[NonParallelizable]
public class OneSurfaceTests : SyntheticRockFolder
{
    // a file, or a folder holding one file, at the output path
    private string Existing(string name, bool folder)
    {
        string path = Out(name);
        if (!folder) File.WriteAllText(path, "old");
        else
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "old.txt"), "old");
        }
        return path;
    }

    [TestCase("reconstruct --input ROCK --out OUT", false)]
    [TestCase("denoise --input ROCK --k 1 --out OUT", false)]
    [TestCase("simplify --input ROCK --keep-atoms 1 --out OUT", false)]
    [TestCase("humanize --input ROCK --out OUT", false)]
    [TestCase("swap --a ROCK --b ROCK --swap-atoms 1 --out OUT", false)]
    [TestCase("drums --structure A --bars 2 --out OUT", false)]
    [TestCase("encode --input ROCK --out OUT.csv", false)]
    [TestCase("interpolate --a ROCK --b ROCK --steps 2 --out OUT", true)]
    [TestCase("atoms --out OUT", true)]
    [TestCase("export --out OUT", false)]
    public void AnExistingOutputIsRefusedWithoutOverwriteAndReplacedWithIt(string command, bool folder)
    {
        string extension = command.EndsWith(".csv", StringComparison.Ordinal) ? ".csv" : "";
        string name = $"{command.Split(' ')[0]}-out{extension}";
        string output = Existing(name, folder);
        string[] args = [.. command.Split(' ')
            .Select(a => a.Replace("ROCK", Rock).Replace("OUT.csv", output).Replace("OUT", output)),
            "--model", TestModels.Synthetic];
        if (args[0] != "export") args = [.. args, "--device", "cpu"];

        var (exit, _, stderr) = CliRunner.Run(args);

        string expected = folder
            ? $"error: {output} is not empty; write into it with --overwrite, or choose another folder"
            : $"error: {output} already exists; replace it with --overwrite";
        Assert.That((exit, stderr.Trim().Split('\n')[^1]), Is.EqualTo((1, expected)));
        Assert.That(folder ? File.ReadAllText(Path.Combine(output, "old.txt")) : File.ReadAllText(output),
            Is.EqualTo("old"), "nothing was replaced");
        CliRunner.Succeed([.. args, "--overwrite"]);
        if (!folder) Assert.That(File.ReadAllText(output), Is.Not.EqualTo("old"));
    }

    [Test]
    public void AtomsOverwriteReplacesTheAtomMidiFilesOfAnEarlierRunAsAWhole()
    {
        string folder = Out("atoms-again");
        CliRunner.Succeed("atoms", "--out", folder, "--model", TestModels.Synthetic, "--device", "cpu");
        string midi = Path.Combine(folder, "midi");
        int written = Directory.GetFiles(midi).Length;
        File.WriteAllText(Path.Combine(midi, "rank0099-atom0099.mid"), "from a larger dictionary");
        File.WriteAllText(Path.Combine(midi, "mine.txt"), "not an atom");

        CliRunner.Succeed("atoms", "--out", folder, "--model", TestModels.Synthetic, "--device", "cpu", "--overwrite");

        Assert.That(Directory.GetFiles(midi, "rank*.mid"), Has.Length.EqualTo(written), "the stale atom is gone");
        Assert.That(File.Exists(Path.Combine(midi, "mine.txt")), Is.True, "files that are no atom are left alone");
    }

    [Test]
    public void CommandsWithoutAModelOptionRefuseExistingOutputsToo()
    {
        string demo = Existing("demo-out", folder: true), styles = Existing("styles-out", folder: true),
            json = Existing("classify.json", folder: false);
        string plot = Existing("rd.png", folder: false);

        var demoRun = CliRunner.Run("demo", "--epochs", "1", "--samples", "8", "--out", demo, "--device", "cpu");
        var stylesRun = CliRunner.Run("styles", "--model", TestModels.Synthetic, "--data", Folder, "--label", "style",
            "--out", styles);
        var classifyRun = CliRunner.Run("classify", "--model", TestModels.Synthetic, "--data", Folder, "--label",
            "style", "--out", json);
        var evaluateRun = CliRunner.Run("evaluate", "--model", TestModels.Synthetic, "--data", Folder, "--plot", plot);

        Assert.That(demoRun.Err.Trim(),
            Is.EqualTo($"error: {demo} is not empty; write into it with --overwrite, or choose another folder"));
        Assert.That(stylesRun.Err.Trim(),
            Is.EqualTo($"error: {styles} is not empty; write into it with --overwrite, or choose another folder"));
        Assert.That(classifyRun.Err.Trim(), Is.EqualTo($"error: {json} already exists; replace it with --overwrite"));
        Assert.That(evaluateRun.Err.Trim(), Is.EqualTo($"error: {plot} already exists; replace it with --overwrite"));
        Assert.That(new[] { demoRun.Exit, stylesRun.Exit, classifyRun.Exit, evaluateRun.Exit }, Has.All.EqualTo(1));
    }

    [Test]
    public void AFileWhereAnOutputFolderGoesIsRefusedEvenWithOverwrite()
    {
        string file = Existing("not-a-folder", folder: false);

        var atomsRun = CliRunner.Run("atoms", "--model", TestModels.Synthetic, "--out", file, "--overwrite");
        var demoRun = CliRunner.Run("demo", "--epochs", "1", "--samples", "8", "--out", file, "--device", "cpu");

        foreach (var (exit, _, stderr) in new[] { atomsRun, demoRun })
            Assert.That((exit, stderr.Trim()),
                Is.EqualTo((1, $"error: {file} is a file; --out names the folder to write into")));
        Assert.That(File.Exists(file), Is.True, "the file is kept");
    }

    [TestCase("--hop-bars")]
    [TestCase("--hop")]
    public void DatasetStatsTakesTrainsHopNameAndStillTheOldOne(string hop)
    {
        var (exit, _, stderr) = CliRunner.Run("dataset", "stats", "--dataset", "groove", "--data", Out("none"), hop,
            "2");

        Assert.That((exit, stderr.Trim()), Is.EqualTo((1, $"error: {Out("none")}: no such folder")),
            "the option parsed; the folder is what is missing");
        var (zeroExit, _, zeroError) = CliRunner.Run("dataset", "stats", "--dataset", "groove", "--data", Out("none"),
            hop, "0");
        Assert.That((zeroExit, zeroError.Trim()),
            Is.EqualTo((1, "error: --bars and --hop-bars must be at least 1, got 1 and 0")));
    }

    [Test]
    public void SimplifyTakesDenoisesKeepAtomsAndStillTheOldKeep()
    {
        string named = CliRunner.Succeed("simplify", "--input", Rock, "--keep-atoms", "1", "--out", Out("s1.mid"),
            "--model", TestModels.Synthetic, "--device", "cpu");
        string old = CliRunner.Succeed("simplify", "--input", Rock, "--keep", "1", "--out", Out("s2.mid"), "--model",
            TestModels.Synthetic, "--device", "cpu");

        Assert.That(named.Replace("s1.mid", "s2.mid"), Is.EqualTo(old));
    }

    [TestCase("denoise", "--atom-list", "0,1", "--input")]
    [TestCase("swap", "--swap-atoms", "1", "--a")]
    public void AtomsMeansTheDictionarySizeAloneAndTheOldListAndCountNamesStillWork(string command, string named,
        string value, string inputOption)
    {
        string[] common = [command, inputOption, Rock, .. command == "swap" ? new[] { "--b", Rock } : [],
            "--model", TestModels.Synthetic, "--device", "cpu"];
        string newName = CliRunner.Succeed([.. common, named, value, "--out", Out($"{command}-1.mid")]);
        string oldName = CliRunner.Succeed([.. common, "--atoms", value, "--out", Out($"{command}-2.mid")]);
        string help = CliRunner.Succeed(command, "--help");

        Assert.That(newName.Replace($"{command}-1.mid", $"{command}-2.mid"), Is.EqualTo(oldName));
        Assert.That(help, Does.Contain(named));
        Assert.That(CliRunner.Succeed("train", "--help"), Does.Match(@"--atoms\b.*dictionary atoms"));
    }

    [Test]
    public void MidiInspectJsonKeysAreSnakeCase()
    {
        string stdout = CliRunner.Succeed("midi", "inspect", "--json", Rock);

        using var json = JsonDocument.Parse(stdout);
        Assert.That(Keys(json.RootElement), Has.All.Match("^[a-z0-9_]+$"));
        Assert.That(json.RootElement.GetProperty("ticks_per_quarter").GetInt32(), Is.GreaterThan(0));
    }

    [Test]
    public void DatasetStatsJsonKeysAreSnakeCase()
    {
        string stdout = CliRunner.Succeed("dataset", "stats", "--dataset", "groove", "--data", TestData.GrooveDir(),
            "--json");

        using var json = JsonDocument.Parse(stdout);
        Assert.That(Keys(json.RootElement), Has.All.Match("^[a-z0-9_]+$"));
        Assert.That(json.RootElement.GetProperty("summary").TryGetProperty("encoded_in", out _), stdout);
    }

    // every property name in a JSON document
    private static IEnumerable<string> Keys(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Keys(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Keys),
        _ => [],
    };
}
