using System.Text.Json;
using TcnWtaNative.Engine;
using TcnWtaNative.Tests.Support;
using TcnWtaNative.Training.Benchmarking;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `bench --op union-decode|threshold-search`: the op alone on each device, one line and (with --json) one
/// measurement each; a worker sweep is for training steps, so --threads with it is one error line.
/// </summary>
[NonParallelizable]
public sealed class BenchOpTests
{
    [Test]
    public void TheUnionDecodeIsTimedOnEachDevice()
    {
        string stdout = CliRunner.Succeed("bench", "--op", "union-decode", "--device", "cpu,scalar", "--steps", "1",
            "--warmup", "0", "--json");

        var results = stdout.Split('\n').Where(line => line.StartsWith('{'))
            .Select(line => JsonSerializer.Deserialize<UnionDecodeMeasurement>(line, AutoencoderConfig.Json)!).ToList();
        Assert.That(results.Select(result => result.Device), Is.EqualTo(new[] { "cpu", "scalar" }));
        Assert.That(results.Select(result => result.Frames), Is.All.EqualTo(UnionDecodeBenchmark.Frames));
        Assert.That(results.Select(result => result.GigabytesPerSecond), Is.All.GreaterThan(0));
        Assert.That(stdout, Does.Contain("union-decode on cpu").And.Contain("GB/s"));
    }

    [Test]
    public void TheThresholdSearchIsTimedOnEachDevice()
    {
        string stdout = CliRunner.Succeed("bench", "--op", "threshold-search", "--device", "cpu,scalar", "--steps",
            "1", "--warmup", "0", "--json");

        var results = stdout.Split('\n').Where(line => line.StartsWith('{'))
            .Select(line => JsonSerializer.Deserialize<ThresholdSearchMeasurement>(line, AutoencoderConfig.Json)!)
            .ToList();
        Assert.That(results.Select(result => result.Device), Is.EqualTo(new[] { "cpu", "scalar" }));
        Assert.That(results.Select(result => (result.Frames, result.Atoms, result.Cells)), Is.All.EqualTo(
            (ThresholdSearchBenchmark.Frames, ThresholdSearchBenchmark.Atoms, ThresholdSearchBenchmark.Cells)));
        Assert.That(results.Select(result => result.GigaCellsPerSecond), Is.All.GreaterThan(0));
        Assert.That(stdout, Does.Contain("threshold-search on cpu").And.Contain("frame-atom-cells/s"));
    }

    [Test]
    public void AThreadSweepOfOneOpIsOneErrorLine()
    {
        var (exit, _, stderr) = CliRunner.Run("bench", "--op", "union-decode", "--threads", "1");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo("error: --op times one op on each --device: drop --threads"));
    }
}
