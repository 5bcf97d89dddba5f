using TcnWtaNative.Cli.Commands;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// No command loses a user's file: every output is checked before any work (<see cref="OutputPaths"/>), the --plot
/// files included; an input named as an output, two outputs alike, a folder where a file goes or a path under a file
/// are refused with one line, --overwrite or not, and leave every file as it was.
/// </summary>
[NonParallelizable]
public class OutputPathTests : SyntheticRockFolder
{
    private string[] Command(string line, params string[] extra) =>
    [
        .. line.Split(' ').Select(a => a.Replace("ROCK", Rock)), .. extra, "--model", TestModels.Synthetic,
        "--device", "cpu",
    ];

    private string Old(string name)
    {
        File.WriteAllText(Out(name), "old");
        return Out(name);
    }

    [TestCase("reconstruct --input ROCK")]
    [TestCase("denoise --input ROCK --k 1")]
    [TestCase("simplify --input ROCK --keep-atoms 1")]
    public void AnExistingPlotIsRefusedWithoutOverwriteBeforeAnyOutputIsWritten(string line)
    {
        string plot = Old($"{line.Split(' ')[0]}-plot.png"), midi = Out($"{line.Split(' ')[0]}-plotted.mid");

        var (exit, _, stderr) = CliRunner.Run(Command(line, "--out", midi, "--plot", plot));

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {plot} already exists; replace it with --overwrite")));
        Assert.That(File.Exists(midi), Is.False, "nothing was written");
        CliRunner.Succeed(Command(line, "--out", midi, "--plot", plot, "--overwrite"));
        Assert.That(File.ReadAllText(plot), Is.Not.EqualTo("old"));
    }

    // a write renames a temporary file over its target, which would replace the device node itself (as root)
    [TestCase("/dev/null")]
    [TestCase("/dev/stdout")]
    public void ADeviceIsRefusedAsAnOutputEvenWithOverwrite(string device)
    {
        var (exit, _, stderr) = CliRunner.Run(Command("reconstruct --input ROCK", "--out", device, "--overwrite"));

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {device} is a device or system file; name a regular file to write")));
        Assert.That(File.Exists("/dev/null") && new FileInfo("/dev/null").Length == 0, Is.True, "/dev/null stays");
    }

    [Test]
    public void InterpolatesPlotIsCheckedBeforeItsFolderIsFilled()
    {
        string plot = Old("interpolate-plot.png"), folder = Out("interpolate-plotted");

        var (exit, _, stderr) = CliRunner.Run(Command("interpolate --a ROCK --b ROCK --steps 2", "--out", folder,
            "--plot", plot));

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {plot} already exists; replace it with --overwrite")));
        Assert.That(Directory.Exists(folder), Is.False, "nothing was written");
    }

    [TestCase("denoise --input INPUT --k 1 --out INPUT")]
    [TestCase("simplify --input INPUT --keep-atoms 1 --out INPUT")]
    [TestCase("humanize --input INPUT --out INPUT")]
    [TestCase("swap --a ROCK --b INPUT --swap-atoms 1 --out INPUT")]
    [TestCase("drums --structure A --bars 2 --seed-file INPUT --out INPUT")]
    [TestCase("reconstruct --input INPUT --out INPUT")]
    public void AnInputNamedAsAnOutputIsRefusedEvenWithOverwrite(string line)
    {
        string input = Out("input.mid"), spelled = Path.Combine(Folder, ".", "input.mid");
        File.Copy(Rock, input, overwrite: true);
        byte[] before = File.ReadAllBytes(input);
        string[] args = Command(line, "--overwrite");
        // the output named by another spelling of the same path
        int output = Array.LastIndexOf(args, "INPUT");
        args = [.. args.Select((a, i) => a.Replace("INPUT", i == output ? spelled : input))];

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr.Trim(),
            Does.StartWith($"error: {spelled} is also an input").And.EndWith("write the output to another file"));
        Assert.That(File.ReadAllBytes(input), Is.EqualTo(before), "the input is kept");
    }

    [Test]
    public void TheModelNamedAsAnOutputIsRefusedEvenWithOverwrite()
    {
        string run = Out("run-folder"), model = Path.Combine(run, "model.safetensors"), bare = Out("weights");
        Directory.CreateDirectory(run);
        File.Copy(TestModels.Synthetic, model, overwrite: true);
        File.Copy(TestModels.Synthetic, bare, overwrite: true);   // no extension, which a MIDI --out may have
        byte[] before = File.ReadAllBytes(model);

        var byFile = CliRunner.Run("reconstruct", "--input", Rock, "--out", bare, "--model", bare, "--overwrite");
        var byRun = CliRunner.Run("reconstruct", "--input", Rock, "--out", model, "--model", run, "--overwrite");

        Assert.That((byFile.Exit, byFile.Err.Trim()),
            Is.EqualTo((1, $"error: {bare} is also an input ({bare}); write the output to another file")));
        Assert.That((byRun.Exit, byRun.Err.Split('\n')[0]),
            Is.EqualTo((1, $"error: --out writes a MIDI file; give a file ending in .mid or .midi, not '{model}'")));
        Assert.That(File.ReadAllBytes(model), Is.EqualTo(before), "the model is kept");
        Assert.That(File.ReadAllBytes(bare), Is.EqualTo(before), "the copy is kept");
    }

    // a file found by scanning a --data folder is an input as much as one named
    [Test]
    public void AFileInADataFolderIsAnInputEvenWithOverwrite()
    {
        string data = Out("data-folder"), input = Path.Combine(data, "input.mid");
        Directory.CreateDirectory(data);
        File.Copy(Rock, input, overwrite: true);
        byte[] before = File.ReadAllBytes(input);

        var (exit, _, stderr) = CliRunner.Run(Command("drums --structure A --bars 2", "--data", data, "--out", input,
            "--overwrite"));

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {input} is also an input ({input}); write the output to another file")));
        Assert.That(File.ReadAllBytes(input), Is.EqualTo(before), "the input is kept");
    }

    // evaluate's plot and classify's JSON report, named as the model they read
    [TestCase("evaluate --plot MODEL", "--plot writes a PNG; give a file ending in .png, not 'MODEL'")]
    [TestCase("classify --label style --out MODEL", "MODEL is also an input (MODEL); write the output to another file")]
    public void AReportNamedAsTheModelIsRefusedEvenWithOverwrite(string line, string message)
    {
        string run = Out("report-run"), model = Path.Combine(run, "model.safetensors");
        Directory.CreateDirectory(run);
        File.Copy(TestModels.Synthetic, model, overwrite: true);
        byte[] before = File.ReadAllBytes(model);
        string[] args = [.. line.Split(' ').Select(a => a.Replace("MODEL", model)), "--data", Folder, "--model", run,
            "--device", "cpu", "--overwrite"];

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.That((exit, stderr.Trim()), Is.EqualTo((1, "error: " + message.Replace("MODEL", model))));
        Assert.That(File.ReadAllBytes(model), Is.EqualTo(before), "the model is kept");
    }

    [TestCase("denoise --input ROCK --k 1 --add-noise 0.5 --out SAME --noisy-out SAME")]
    [TestCase("humanize --input ROCK --out SAME --quantized-out SAME")]
    public void TwoOutputsNamingOneFileAreRefused(string line)
    {
        string first = Out("same.mid"), second = Path.Combine(Folder, "..", Path.GetFileName(Folder), "same.mid");
        int index = 0;
        string[] args = [.. Command(line).Select(a => a == "SAME" ? index++ == 0 ? first : second : a)];

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: {first} and {second} are the same file; give two outputs apart")));
        Assert.That(File.Exists(first), Is.False);
    }

    [Test]
    public void AnOutputFileThatIsAFolderIsRefusedEvenWithOverwrite()
    {
        string folder = Out("a-folder.mid");
        Directory.CreateDirectory(folder);

        var (exit, _, stderr) = CliRunner.Run(Command("reconstruct --input ROCK", "--out", folder, "--overwrite"));

        Assert.That((exit, stderr.Trim()), Is.EqualTo((1, $"error: {folder} is a folder; name the file to write")));
        Assert.That(Directory.Exists(folder), Is.True);
    }

    [TestCase("reconstruct --input ROCK --out FILE/x.mid")]
    [TestCase("reconstruct --input ROCK --out x.mid --wav FILE/deeper/x.wav")]
    [TestCase("atoms --out FILE/atoms")]
    public void AnOutputUnderAFileIsRefusedWithOneLine(string line)
    {
        string file = Old("plain-file");
        string[] args = Command(line.Replace("FILE", file).Replace(" x.mid", " " + Out("x.mid")), "--overwrite");
        string output = args.First(a => a.StartsWith(file + "/", StringComparison.Ordinal));

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.That((exit, stderr.Trim()),
            Is.EqualTo((1, $"error: cannot write {output}: {file} is a file, not a folder")));
        Assert.That(File.ReadAllText(file), Is.EqualTo("old"));
    }

    // export --out RUN/model.state.safetensors --overwrite once replaced a run's training state with a model
    [Test]
    public void AFileOfATrainingRunIsRefusedEvenWithOverwrite()
    {
        var run = new TcnWtaNative.Training.RunFolder(Out("a-run"));
        Directory.CreateDirectory(run.Directory);
        foreach (string file in run.Files) File.WriteAllText(file, "kept");

        foreach (string file in run.Files)
        {
            var error = Assert.Throws<IOException>(() => OutputPaths.Check([file], [], overwrite: true))!;
            Assert.That(error.Message, Is.EqualTo($"{file} is a file of the training run in {run.Directory}, which "
                + "train --resume continues from; write the output elsewhere"));
        }
        Assert.DoesNotThrow(() => OutputPaths.Check([Path.Combine(run.Directory, "atoms.png")], [], overwrite: true));
        File.Delete(run.TrainingState);
        Assert.DoesNotThrow(() => OutputPaths.Check([run.Metrics], [], overwrite: true),
            "a folder without a state file holds no run to resume");
        Assert.That(File.ReadAllText(run.Model), Is.EqualTo("kept"));
    }

    [Test]
    public void ALinkToAnInputIsThatInput()
    {
        string input = Out("linked-input.mid"), link = Out("link.mid");
        File.Copy(Rock, input, overwrite: true);
        File.Delete(link);
        File.CreateSymbolicLink(link, input);

        var error = Assert.Throws<IOException>(() => OutputPaths.Check([link], [input], overwrite: true))!;

        Assert.That(error.Message, Is.EqualTo($"{link} is also an input ({input}); write the output to another file"));
        Assert.DoesNotThrow(() => OutputPaths.Check([Out("elsewhere.mid")], [input], overwrite: true));
    }

    [Test]
    public void AFileReachedThroughALinkedFolderIsThatFile()
    {
        string real = Out("real-folder"), linked = Out("linked-folder");
        Directory.CreateDirectory(real);
        File.Copy(Rock, Path.Combine(real, "piece.mid"), overwrite: true);
        if (!Directory.Exists(linked)) Directory.CreateSymbolicLink(linked, real);
        string input = Path.Combine(real, "piece.mid"), output = Path.Combine(linked, "piece.mid");

        var error = Assert.Throws<IOException>(() => OutputPaths.Check([output], [input], overwrite: true))!;
        var twice = Assert.Throws<IOException>(
            () => OutputPaths.Check([input, Path.Combine(linked, "new.mid"), Path.Combine(real, "new.mid")], [],
                overwrite: true))!;

        Assert.That(error.Message,
            Is.EqualTo($"{output} is also an input ({input}); write the output to another file"));
        Assert.That(twice.Message, Does.EndWith("are the same file; give two outputs apart"));
    }
}
