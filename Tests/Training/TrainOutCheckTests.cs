using System.Runtime.Versioning;
using static TcnWtaNative.Tests.Support.CliRunner;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>`train` refuses an --out it could not write before it loads data, not after the whole run.</summary>
[NonParallelizable]
public class TrainOutCheckTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string LastLine) Train(string output, params string[] more)
    {
        var (exit, stdout, stderr) = Run(
            ["train", "--preset", "synthetic", "--device", "cpu", "--no-cache", "--samples", "64", "--out", output,
            .. more]);
        return (exit, stdout, stderr.Trim().Split('\n').Last());
    }

    [Test]
    public void AnEmptyOutIsRefused()
    {
        var (exit, stdout, error) = Train("");
        Assert.That((exit, error), Is.EqualTo((1, "error: --out is empty; give it a value")));
        Assert.That(stdout, Does.Not.Contain("synthetic train"), "refused before the data loads");
    }

    [Test]
    public void AModelPathThatIsAFolderIsRefusedBeforeTraining()
    {
        string model = Path.Combine(_directory, "model.safetensors");
        Directory.CreateDirectory(model);
        var (exit, stdout, error) = Train(_directory);
        Assert.That((exit, error),
            Is.EqualTo(
                (1, $"error: {model} is a folder; remove it or choose another --out, since "
                    + "the model file goes there")));
        Assert.That(stdout, Does.Not.Contain("synthetic train"));
    }

    [TestCase("metrics.csv", "the metrics table")]
    [TestCase("loss.png", "the loss plot")]
    [TestCase("config.json", "the options file")]
    public void AFolderWhereARunFileGoesIsRefusedBeforeTraining(string file, string what)
    {
        string blocked = Path.Combine(_directory, file);
        Directory.CreateDirectory(blocked);
        var (exit, stdout, error) = Train(_directory, "--overwrite");
        Assert.That((exit, error),
            Is.EqualTo((1, $"error: {blocked} is a folder; remove it or choose another --out, since {what} goes "
                + "there")));
        Assert.That(stdout, Does.Not.Contain("synthetic train"));
    }

    [Test]
    public void AnOutThatIsAFileIsRefused()
    {
        string file = Path.Combine(_directory, "file");
        File.WriteAllText(file, "");
        var (exit, _, error) = Train(file);
        Assert.That((exit, error),
            Is.EqualTo((1, $"error: {file} is a file; --out needs a folder to write the run in")));
        var (underExit, _, under) = Train(Path.Combine(file, "run"));
        Assert.That((underExit, under),
            Is.EqualTo((1, $"error: {file} is a file; --out needs a folder to write the run in")));
    }

    [Test, UnsupportedOSPlatform("windows"), Platform(Exclude = "Win")]
    public void AnUnwritableOutIsRefused()
    {
        if (Environment.UserName == "root")
            Assert.Ignore("root writes any folder; this needs one the user cannot write");
        string locked = Path.Combine(_directory, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var (exit, _, error) = Train(Path.Combine(locked, "run"));
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.That((exit, error),
            Is.EqualTo(
                (1, $"error: {Path.Combine(locked, "run")}: the run folder cannot be written (permission denied)")));
    }

    [TestCase("{\"epochs\": \"ten\"}", "training option 'epochs' must be a whole number, got \"ten\"")]
    [TestCase("{\"tcn_widths\": [8, \"a\"]}",
        "training option 'tcn_widths' must be a list of whole numbers, got [8,\"a\"]")]
    [TestCase("{\"loss\": 3}", "training option 'loss' must be one of \"mse\", \"l1\", \"hits\", got 3")]
    public void AConfigTypeErrorNamesTheKeyAndTheType(string json, string problem)
    {
        string config = Path.Combine(_directory, "config.json");
        File.WriteAllText(config, json);
        var (exit, _, error) = Train(Path.Combine(_directory, "run"), "--config", config);
        Assert.That((exit, error), Is.EqualTo((1, $"error: the options from {config} and the flags: {problem}")));
    }

    [TestCase("metrics.csv")]
    [TestCase("config.json")]
    [TestCase("model.state.safetensors")]
    public void ARunFileWithoutAModelIsRefusedUnlessOverwritten(string name)
    {
        string run = Path.Combine(_directory, "run"), file = Path.Combine(run, name);
        Directory.CreateDirectory(run);
        File.WriteAllText(file, "left by an earlier run");

        var (exit, stdout, error) = Train(run, "--epochs", "1");

        Assert.That((exit, error), Is.EqualTo((1, $"error: {run} already holds a run's files ({file}) but no "
            + "model to --resume; replace them with --overwrite, or choose another --out")));
        Assert.That(stdout, Does.Not.Contain("synthetic train"), "refused before the data loads");
        Assert.That(File.ReadAllText(file), Is.EqualTo("left by an earlier run"));
        var (overwriteExit, _, overwriteError) = Train(run, "--epochs", "1", "--overwrite");
        Assert.That(overwriteExit, Is.EqualTo(0), overwriteError);
        Assert.That(File.ReadAllText(file), Is.Not.EqualTo("left by an earlier run"), "replaced by the new run");
    }
}
