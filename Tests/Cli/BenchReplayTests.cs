using System.Text.Json;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Cli;

/// <summary>
/// `bench --replay-workers N`: the CPU backend's per-op split replayed for a host of N cores after the timed steps,
/// in the table and the JSON line; every other use of the option is one error line before anything is measured.
/// </summary>
[NonParallelizable]
public sealed class BenchReplayTests
{
    private const string CpuAlone = "error: --replay-workers replays the CPU backend's training step: use it with "
        + "--device cpu alone, without --threads or --op";

    [TestCase(new[] { "--replay-workers", "0" }, "error: --replay-workers must be 1 to 1024, got 0")]
    [TestCase(new[] { "--replay-workers", "1025" }, "error: --replay-workers must be 1 to 1024, got 1025")]
    [TestCase(new[] { "--replay-workers", "16", "--device", "scalar" }, CpuAlone)]
    [TestCase(new[] { "--replay-workers", "16", "--device", "cpu,scalar" }, CpuAlone)]
    [TestCase(new[] { "--replay-workers", "16", "--threads", "1" }, CpuAlone)]
    [TestCase(new[] { "--replay-workers", "16", "--op", "union-decode" }, CpuAlone)]
    public void TheReplayIsOfTheCpuBackendsStepOrSaysWhyNot(string[] arguments, string error)
    {
        var (exit, stdout, stderr) = CliRunner.Run(["bench", .. arguments]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Is.EqualTo(error));
        Assert.That(stdout, Does.Not.Contain("FMA peak"), "nothing measured first");
    }

    [Test]
    public void TheReplayedStepIsBetweenAPerfectSplitAndOneCore()
    {
        string stdout = CliRunner.Succeed("bench", "--config", "groove", "--device", "cpu", "--steps", "1",
            "--warmup", "0", "--profile-steps", "1", "--replay-workers", "16", "--json");

        using var result = JsonDocument.Parse(stdout.Split('\n').Single(line => line.StartsWith('{')));
        var replay = result.RootElement.GetProperty("replay");
        double oneCore = replay.GetProperty("one_core_ms_per_step").GetDouble(),
            replayed = replay.GetProperty("replayed_ms_per_step").GetDouble();
        var ops = replay.GetProperty("ops").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(string.Join(' ', stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
                Does.Contain("replayed for 16 cores"), "the replay's line, however wrapped");
            Assert.That(replay.GetProperty("workers").GetInt32(), Is.EqualTo(16));
            Assert.That(replayed, Is.InRange(oneCore / 16, oneCore));
            Assert.That(replay.GetProperty("fraction_of_peak").GetDouble(), Is.GreaterThan(0));
            Assert.That(ops.Select(op => op.GetProperty("op").GetString()), Does.Contain("AdamStep"));
            foreach (var op in ops)
                Assert.That(op.GetProperty("replayed_milliseconds").GetDouble(),
                    Is.InRange(op.GetProperty("serial_milliseconds").GetDouble(),
                        op.GetProperty("milliseconds").GetDouble() + 1e-9),
                    $"{op.GetProperty("op").GetString()}: at least its serial part, at most its one-core time");
        });
    }
}
