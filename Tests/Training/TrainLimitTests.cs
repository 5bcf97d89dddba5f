using static TcnWtaNative.Tests.Support.CliRunner;

namespace TcnWtaNative.Tests.TrainingTests;

/// <summary>
/// Sizes past the stated limits are one error line before anything is allocated, never an overflow or an out-of-memory
/// abort.
/// </summary>
[NonParallelizable]
public class TrainLimitTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = TrainingFixtures.TempRun();

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("--atoms 100000000", "the model would have 8.6e10 parameters; the limit is 2^31 - 1")]
    [TestCase("--tcn-widths 100000,100000", "the model would have 9e10 parameters; the limit is 2^31 - 1")]
    [TestCase("--frame-length 100000", "a batch of 1024 items of 16 steps would need an activation of 2.8e9 values")]
    [TestCase("--tcn-widths 8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8,8", "the TCN would have 17 blocks; the limit is 16")]
    [TestCase("--tcn-kernel 1000 --tcn-widths 8,8,8,8,8,8,8,8,8,8,8,8",
        "the TCN's receptive field would span 8.2e6 steps; the limit is 1048576")]
    [TestCase("--atoms 2000000", "not enough memory: a training step of 1 item of 16 steps needs at least 25.")]
    [TestCase("--samples 2000000000", "samples and validation_samples may be at most 1000000, got 2000000000")]
    public void ASizeOverItsLimitIsOneErrorLine(string flags, string message)
    {
        var (exit, _, stderr) = Run(
            ["train", "--preset", "synthetic", "--device", "cpu", "--no-cache", "--out",
            Path.Combine(_directory, "run"), .. flags.Split(' ')]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim().Split('\n').Last(), Does.StartWith("error: ").And.Contain(message));
        Assert.That(File.Exists(Path.Combine(_directory, "run", "model.safetensors")), Is.False);
    }
}
